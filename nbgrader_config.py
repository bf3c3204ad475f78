"""nbgrader's configuration for the course: solutions/ is the source directory, exercises/ the
release directory; notebooks run in the named python3 kernel with a per-cell time limit."""
import os
import sys

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
root = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = root
c.CourseDirectory.course_id = "k8s-course"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(root, "gradebook.db")

# every cell gets this many real seconds; a grading run inside a test cell is bounded more tightly
# (autograder.grading.WALL_TIMEOUT), so a hostile answer costs its exercise, not the notebook
c.Execute.timeout = 180
c.Execute.kernel_name = "python3"
c.Execute.interrupt_on_timeout = True

# a learner who deletes a test cell gets it back when the notebook is autograded
c.OverwriteCells.add_missing_cells = True

# nbgrader runs `alembic` from the shell: the environment's bin folder must be on PATH however the
# course was started (python3 course.py start, a bare .venv/bin/nbgrader, a test)
bin_dir = os.path.dirname(sys.executable)
if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")

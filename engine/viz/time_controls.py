"""TimeControls: play, pause and step buttons and a speed slider that advance the cluster's virtual
time through `c.advance`, as a learner's cell would, and redraw the attached views after each step.

Play needs a clock outside the kernel: a hidden ipywidgets Play ticks in the browser every
TICK_MS and each tick is one step, so the engine itself never sleeps or starts a thread."""
import ipywidgets as widgets

from .view import live_and_static

SPEEDS = (1, 2, 5, 10, 30, 60, 300)  # virtual seconds per step
TICK_MS = 1000


class TimeControls:
    def __init__(self, cluster, views=(), seconds=SPEEDS[0]):
        if seconds not in SPEEDS:
            raise ValueError(f"seconds must be one of {', '.join(map(str, SPEEDS))}")
        self.cluster = cluster
        self.views = list(views)
        self.playing = False
        self.play_button = widgets.Button(description="play", icon="play", tooltip="advance time continuously")
        self.pause_button = widgets.Button(description="pause", icon="pause", tooltip="stop advancing time")
        self.step_button = widgets.Button(description="step", icon="step-forward", tooltip="advance one step")
        self.speed = widgets.SelectionSlider(options=SPEEDS, value=seconds, description="s / step")
        self.clock_label = widgets.Label()
        self.ticker = widgets.Play(min=0, max=10 ** 9, interval=TICK_MS, show_repeat=False,
                                   layout=widgets.Layout(display="none"))
        self.play_button.on_click(self.on_play)
        self.pause_button.on_click(self.on_pause)
        self.step_button.on_click(self.on_step)
        self.ticker.observe(self.on_tick, names="value")
        self.widget = widgets.HBox([self.play_button, self.pause_button, self.step_button, self.speed,
                                    self.clock_label, self.ticker])
        self._show_state()

    def attach(self, *views):
        self.views.extend(views)
        return self

    @property
    def seconds(self):
        return self.speed.value

    def step(self):
        """Advance one step of virtual time, then redraw every attached view that changed."""
        self.cluster.advance(self.seconds)
        for view in self.views:
            view.refresh()
        self._show_state()

    def on_play(self, _button=None):
        self.playing = self.ticker.playing = True
        self._show_state()

    def on_pause(self, _button=None):
        self.playing = self.ticker.playing = False
        self._show_state()

    def on_step(self, _button=None):
        self.step()

    def on_tick(self, _change=None):
        if self.playing:
            self.step()

    def html(self):
        return f'<div class="k8s-time-controls">{self._state_text()}</div>'

    def _repr_html_(self):
        return self.html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        return live_and_static(self.widget, self.html(), f"<TimeControls: {self._state_text()}>")

    def _state_text(self):
        state = "playing" if self.playing else "paused"
        return f"t = {self.cluster.now:g}s ({state}, {self.seconds}s per step)"

    def _show_state(self):
        self.clock_label.value = self._state_text()
        self.play_button.disabled, self.pause_button.disabled = self.playing, not self.playing

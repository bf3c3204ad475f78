"""kubectl apply view-last-applied: its help text, recorded from the real kubectl v1.32."""
HELP = ["apply view-last-applied"]
CASES = []

"""The shipped crisis plans (default.yaml), read with importlib.resources."""

"""The shell of bilateral: CLI, paths, configuration, the App and its palette."""

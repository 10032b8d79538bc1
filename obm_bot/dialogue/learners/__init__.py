"""Learners and their coaches: trajectories, milestones, pay steps."""

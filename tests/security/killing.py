"""What the child process of a SIGKILL test starts with: ``deadly(owner, name)`` wraps a function so
that the ``target``-th call among all wrapped ones kills the process on the spot, as a power cut
would. A test's child script sets ``target`` (and its own arguments), adds ``DEADLY`` and wraps
the calls it cares about."""

DEADLY = r"""
import os, signal

calls = 0

def deadly(owner, name):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        global calls
        calls += 1
        if calls == target:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)
    setattr(owner, name, wrapper)
"""

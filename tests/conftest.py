"""Shared fixtures for the course_lib unit tests (helpers for gradients live in gradient_helpers.py)."""

import numpy as np
import pytest


@pytest.fixture
def rng():
    """A fresh, seeded generator for each test (never the global numpy seed)."""
    return np.random.default_rng(12345)

"""The playground offers lesson 04's red / blue flower data set."""

from course_lib.datasets import make_flower
from course_lib.widgets import DATASETS, Playground


def test_flower_is_a_binary_playground_data_set():
    assert "flower" in DATASETS
    dash = Playground(dataset="flower", n_samples=120, noise=0.2, hidden=(4,), activation="tanh", lr=0.05,
                      batch_size=0, panels=("boundary", "curves"))
    assert dash.task == "binary" and dash.model.output_dim == 1
    X, _ = make_flower(n_samples=120, noise=0.2, seed=0)
    assert len(dash.X_train) + len(dash.X_test) == len(X)
    dash.run(steps=50)
    assert dash.step_count == 50
    assert dash.summary().startswith("Playground: flower, 2-4-1 tanh")
    assert set(dash.frames()) == {"boundary", "curves"}

"""Sweep dicts shared by the Python tests: the seed's Figure-2 grid, on one chip or on two."""

FIGURE2 = {
    "name": "figure2",
    "description": "distilbert on A15 (iPhone 13), baseline vs ANE layout, seq 32-512 x batch 1-8: the seed's Figure 2",
    "chips": ["A15"],
    "models": ["distilbert"],
    "layouts": ["baseline", "ane"],
    "seq": [32, 64, 128, 256, 512],
    "batch": [1, 2, 4, 8],
}

# Dask chunks that cross from one chip to the next.
TWO_CHIPS = {**FIGURE2, "name": "two-chips",
             "description": "figure2's grid on two chips: Dask chunks cross from one chip to the next",
             "chips": ["A15", "M4"]}

"""Colours used by every figure and widget: the Okabe-Ito palette, safe for colour-blind viewers.

Okabe & Ito (2008), "Color Universal Design": the eight colours stay distinguishable under the common
colour-vision deficiencies, and class 0 / class 1 (orange / blue) also differ in lightness.
"""

OKABE_ITO = ["#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
CLASS_COLORS = OKABE_ITO[:7]  # class k is drawn in CLASS_COLORS[k]
SERIES_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

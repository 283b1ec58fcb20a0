/** a tile's `layout.h` is in rows of this many px */
export const ROW_HEIGHT = 52;

/** The dashboard the home page and the menu point operators to first. */
export const HOME_DASHBOARD = "operations-overview";

/** The library version, compared when a page loads two copies of the elements. */
export const VERSION = '0.1.0';

// Spotify's release_date is "yyyy", "yyyy-mm" or "yyyy-mm-dd" depending on release_date_precision
// (year, month, day). Some old catalogue entries carry "0000"; that is "unknown", not year zero.
const RELEASE_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** The release year of an album, or null when the date is missing or not one of Spotify's forms. */
export function releaseYear(releaseDate: string | null): number | null {
  if (releaseDate === null) return null;
  const match = RELEASE_DATE.exec(releaseDate.trim());
  if (match === null) return null;
  const year = Number(match[1]);
  return year > 0 ? year : null;
}

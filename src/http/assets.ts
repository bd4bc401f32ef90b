/** The site's static files, each at an address that changes with its content. */
export interface Assets {
  /** `/assets/NAME?v=HASH`: the hash changes with the file, so browsers may cache it for a year. */
  url(name: string): string;
}

/** Every stored time uses this one format, so comparing the strings compares the times. */
export function toIso(date: Date): string {
  return date.toISOString();
}

export function fromIso(text: string): Date {
  return new Date(text);
}

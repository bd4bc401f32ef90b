// The exporter writes these and the importer checks them; neither owns the format, so they live here.

/** The `format` every Broadsheet export declares in its `broadsheet` header (docs/export-format.md). */
export const EXPORT_FORMAT = 'broadsheet-export';

/** The version of the format this Broadsheet writes and reads; docs/export-format.md describes version 1. */
export const EXPORT_VERSION = 1;

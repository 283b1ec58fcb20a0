export type Cell = string | number | null | undefined;

/** RFC 4180 CSV: quotes where needed, CRLF line ends. */
export function toCsv(rows: Cell[][]): string {
  const cell = (value: Cell) => {
    if (value === null || value === undefined) return "";
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** Saves a URL (data: or blob:) as a file through a temporary link. */
export function downloadUrl(filename: string, url: string): void {
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** Saves CSV text; the byte-order mark makes spreadsheet programs read Chinese labels as UTF-8. */
export function downloadCsv(filename: string, rows: Cell[][]): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", toCsv(rows)], { type: "text/csv;charset=utf-8" }));
  downloadUrl(filename, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from its parts: lowercase, dashes, no characters a file system dislikes. */
export function fileName(parts: (string | undefined)[], extension: string): string {
  const stem = parts
    .filter(Boolean)
    .join("-")
    .replace(/[^\p{L}\p{N}_.-]+/gu, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return `${stem || "export"}.${extension}`;
}

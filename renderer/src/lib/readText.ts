// Reads an export file as text in the encoding it was written in: analysts' exports come as UTF-8
// (with or without BOM), UTF-16 (Web of Science, Excel "Unicode text") or Windows-1252 (old Excel CSV).
export async function readText(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder('utf-8').decode(bytes.subarray(3));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not valid UTF-8: the usual culprit is a spreadsheet saved as "CSV (Windows)".
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

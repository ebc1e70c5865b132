/**
 * Reads an official text file as UTF-8 and says where it is not: a file saved as Latin-1 (as older
 * Destatis editions and Excel exports often are) would otherwise turn every umlaut into U+FFFD and
 * import silently broken names.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportFehler } from './import-fehler';

export async function readUtf8TextFile(filePath: string): Promise<{ text: string; errors: ImportFehler[] }> {
  const bytes = await fs.promises.readFile(filePath);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), errors: [] };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    return {
      text,
      errors: [
        {
          file: path.basename(filePath),
          line,
          field: null,
          message: 'Ungültige Zeichen: die Datei ist nicht in UTF-8 gespeichert (ab dieser Zeile)',
        },
      ],
    };
  }
}

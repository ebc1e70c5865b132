/**
 * XZuFi 2.2 import over HTTP: `POST /api/v1/uploads/xzufi` (the XML file as the body) and the
 * second form of the upload page (`POST /verwaltung/uploads/xzufi`, multipart). Both stream the
 * file into the SAX parser (xzufi.parser.ts) — the body is never buffered as a whole — and hand the
 * rows to the upload's dry run; the result is an ordinary upload (status page, commit, errors CSV
 * in upload.routes.tsx). A file refused as a whole (DOCTYPE/entities, not well-formed, not
 * XZuFi 2.2, too large) is answered with its error and nothing is stored. docs/xzufi.md.
 */
import type { Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import { AppError } from '../shared/errors';
import { pageContext, sendPage } from '../shared/web';
import { uploadResponse } from './upload.schemas';
import { englischeMeldung } from './upload.pruefung';
import type { UploadFehler } from './upload.types';
import { UploadsPage } from './views/upload.views';
import { XZUFI_FELD } from './views/xzufi.views';
import { pruefeXzufi } from './xzufi.import';
import { type Abweisungsgrund, parseXzufi, XZUFI_GRENZEN, type XzufiErgebnis } from './xzufi.parser';
import { type Handelnde } from '../shared/handelnde';
import { errorResponse } from '../shared/api.schemas';
import { MINISTERIUM, UPLOAD_ROLLEN } from '../auth/roles';

const MB = Math.round(XZUFI_GRENZEN.maxBytes / (1024 * 1024));

const ENGLISCH: Record<Abweisungsgrund, string> = {
  doctype: 'DOCTYPE and entity declarations are not allowed (protection against XXE and entity expansion); nothing was stored',
  wohlgeformtheit: 'the file is not well-formed XML; nothing was stored',
  kodierung: 'the file is not UTF-8; nothing was stored',
  wurzel: 'the file is not an XZuFi 2.2 message (namespace http://xoev.de/schemata/xzufi/2_2_0); nothing was stored',
  groesse: `the file is larger than ${MB} MB; nothing was stored`,
  datensaetze: `the file has more than ${XZUFI_GRENZEN.maxDatensaetze.toLocaleString('en-GB')} records; nothing was stored`,
};

/** Thrown when the file is refused as a whole; `details` hold the German message with its line. */
export class XzufiAbgewiesenError extends AppError {
  readonly code = 'XZUFI_REFUSED';
  readonly status: number;
  constructor(grund: Abweisungsgrund, fehler: UploadFehler[]) {
    const zeile = fehler[0]?.zeile;
    super(
      `XZuFi file refused${zeile ? ` at line ${zeile}` : ''}: ${ENGLISCH[grund]}`,
      fehler.map((f) => ({ line: f.zeile, field: f.spalte, message: f.meldung })),
    );
    this.status = grund === 'groesse' ? 413 : 422;
  }
}

/** Thrown when the API body is not an XML stream. */
class KeinXmlError extends AppError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly status = 415;
}

const xzufiQuery = z.object({
  dateiname: z.string().max(255).default('upload.xml').describe('File name to show in the list of uploads'),
});

/** What the multipart parser below puts into `req.body`: the file is already read (streamed). */
interface XzufiFormular {
  _csrf?: string;
  datei?: { dateiname: string; gelesen: XzufiErgebnis };
}

const istStream = (x: unknown): x is Readable => typeof (x as Readable | undefined)?.pipe === 'function' && typeof (x as Readable).on === 'function';

/**
 * After an early refusal the client may still be sending: read the rest away so it receives the
 * answer, and close the connection afterwards instead of keeping it for the next request.
 */
function restVerwerfen(req: FastifyRequest, reply: FastifyReply) {
  if (!req.raw.readableEnded) {
    reply.header('connection', 'close');
    req.raw.resume();
  }
}

export async function xzufiRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const handelnde = (req: FastifyRequest): Handelnde => req.user!;
  const pruefung = () => ({ pruefeUndSpeichere: app.services.uploads.pruefeUndSpeichere, database: app.database });

  /* The API body is the XML file itself, passed on as a stream (the app's 1 MB bodyLimit applies
     only to bodies Fastify reads; this one the parser reads, with its own limit). */
  app.addContentTypeParser(['application/xml', 'text/xml'], (_req, payload, done) => done(null, payload));

  /*
   * The page's form (multipart/form-data) is read in the content-type parser, as in
   * upload.routes.tsx, so that `_csrf` is in `req.body` before the app's global CSRF check; the
   * file part streams straight into the XZuFi parser. Access is checked before (onRequest); the
   * dry run is stored only by the handler, after the CSRF check.
   */
  app.addContentTypeParser('multipart/form-data', (req, payload, done) => {
    let bb: ReturnType<typeof Busboy>;
    try {
      bb = Busboy({
        headers: req.headers as { 'content-type': string },
        // One byte more than the parser's limit: the parser, not busboy, says the file is too large.
        limits: { files: 1, fields: 5, fieldSize: 4096, fileSize: XZUFI_GRENZEN.maxBytes + 1, parts: 6 },
      });
    } catch (e) {
      done(Object.assign(e as Error, { statusCode: 400 }), undefined);
      return;
    }
    const body: XzufiFormular = {};
    let lesen: Promise<void> | undefined;
    let fertig = false;
    const finish = (err: Error | null) => {
      if (fertig) return;
      fertig = true;
      done(err, err ? undefined : body);
    };
    bb.on('field', (name, value) => {
      if (name === '_csrf') body._csrf = value;
    });
    bb.on('file', (name, stream, filename) => {
      if (name !== 'datei' || lesen) {
        stream.resume();
        return;
      }
      lesen = parseXzufi(stream).then((gelesen) => {
        body.datei = { dateiname: filename ?? '', gelesen };
        stream.resume(); // a refused file was not read to its end
      });
    });
    bb.on('error', (e) => finish(Object.assign(e instanceof Error ? e : new Error(String(e)), { statusCode: 400 })));
    bb.on('finish', () => {
      (lesen ?? Promise.resolve()).then(
        () => finish(null),
        (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))),
      );
    });
    payload.pipe(bb);
  });

  /* ------------------------------------------------------------------ page */

  app.post('/verwaltung/uploads/xzufi', { config: { access: UPLOAD_ROLLEN } }, async (req, reply) => {
    const body = (req.body ?? {}) as XzufiFormular;
    const user = handelnde(req);
    // A failed form is not an exception: the upload page again, with the message at this form's field.
    const renderFehler = async (message: string) =>
      sendPage(
        reply,
        <UploadsPage
          ctx={pageContext(req, reply)}
          uploads={await app.services.uploads.liste(user, 50)}
          ministerium={MINISTERIUM.includes(user.role)}
          errors={[{ field: XZUFI_FELD, message }]}
        />,
        400,
      );
    // Only the multipart parser above yields a read file; any other body (JSON, a plain form) has none.
    const datei = typeof body.datei?.gelesen?.anzahl?.bytes === 'number' ? body.datei : undefined;
    if (!datei || (datei.gelesen.anzahl.bytes === 0 && !datei.dateiname)) return renderFehler(req.locale === 'de' ? 'Bitte wählen Sie eine XZuFi-Datei aus.' : 'Please choose an XZuFi file.');
    if (datei.gelesen.anzahl.bytes === 0) return renderFehler(req.locale === 'de' ? 'Die ausgewählte Datei ist leer.' : 'The chosen file is empty.');
    if (datei.gelesen.abgewiesen) return renderFehler(datei.gelesen.fehler.map((f) => f.meldung).join(' '));
    const upload = await pruefeXzufi(pruefung(), user, datei.gelesen, { dateiname: datei.dateiname }, { requestId: req.id });
    return reply.redirect(`/verwaltung/uploads/${upload.id}`, 303);
  });

  /* ------------------------------------------------------------------ API */

  app.post(
    '/api/v1/uploads/xzufi',
    {
      config: { access: UPLOAD_ROLLEN },
      schema: {
        tags: ['uploads'],
        summary: 'Upload an XZuFi 2.2 file of Online-Verfahren and check it (dry run)',
        description: `The body is the XZuFi 2.2 XML file itself (\`content-type: application/xml\`, UTF-8, at most ${MB} MB and ${XZUFI_GRENZEN.maxDatensaetze.toLocaleString('en-GB')} records), read as a stream. Each \`onlinedienst\` becomes one row per \`gebietID\` of its Zuständigkeiten (element paths and mapping in docs/xzufi.md); the rows are checked like a CSV upload and stored as a dry run: \`status\` \`geprueft\` (commit with POST /api/v1/uploads/{id}/commit) or \`fehlerhaft\` (\`fehler\` with line, element and German message). A file refused as a whole — any DOCTYPE or entity declaration (XXE, entity expansion), not well-formed, not XZuFi 2.2, not UTF-8 — answers 422 \`XZUFI_REFUSED\` (413 when too large) with the line in \`details\`, and nothing is stored. For IT-Dienstleister, Kommune editors and ministry staff; cookie-authenticated calls send the CSRF token (GET /api/v1/csrf) in the \`x-csrf-token\` header.`,
        querystring: xzufiQuery,
        response: {
          201: uploadResponse,
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          413: errorResponse,
          415: errorResponse,
          422: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const laenge = Number(req.headers['content-length'] ?? 0);
      if (laenge > XZUFI_GRENZEN.maxBytes) {
        restVerwerfen(req, reply);
        throw new XzufiAbgewiesenError('groesse', [{ zeile: 1, meldung: `Die Datei ist größer als ${MB} MB. Bitte teilen Sie sie in mehrere Dateien auf.` }]);
      }
      if (!istStream(req.body)) throw new KeinXmlError('Send the XZuFi file as the request body with content-type application/xml');
      const gelesen = await parseXzufi(req.body);
      if (gelesen.abgewiesen) {
        restVerwerfen(req, reply);
        throw new XzufiAbgewiesenError(gelesen.abweisungsgrund ?? 'wohlgeformtheit', gelesen.fehler);
      }
      try {
        const u = await pruefeXzufi(pruefung(), handelnde(req), gelesen, { dateiname: req.query.dateiname }, { requestId: req.id });
        return reply.code(201).send({ ...u, fehler: u.fehler.slice(0, 1000) });
      } catch (e) {
        // The service's errors carry an English text beside the German one (as in upload.routes.tsx).
        const en = englischeMeldung(e);
        if (e instanceof AppError && en) e.message = en;
        throw e;
      }
    },
  );
}

/**
 * Bulk upload of Online-Verfahren: the pages under /verwaltung/uploads (work with JavaScript off)
 * and the JSON API under /api/v1/uploads. Handlers stay thin: parsing in csv-upload.parser.ts,
 * checking and writing in upload.service.ts.
 */
import { Busboy } from '@fastify/busboy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import { AppError, ConflictError } from '../shared/errors';
import { pageContext, sendPage } from '../shared/web';
import { entschaerfe } from '../shared/csv';
import { MAX_UPLOAD_BYTES, parseUploadCsv, schreibeCsv } from './csv-upload.parser';
import { fehlerSeiteQuery, BEISPIEL_KOPF, BEISPIEL_ZEILEN, seiteQuery, uploadIdParam, uploadListResponse, uploadQuery, uploadResponse } from './upload.schemas';
import { englischeMeldung, type UploadErgebnis } from './upload.pruefung';
import { FEHLER_PRO_SEITE, UploadPage, UploadsPage } from './views/upload.views';
import { type Handelnde } from '../shared/handelnde';
import { errorResponse } from '../shared/api.schemas';
import { MINISTERIUM, UPLOAD_ROLLEN } from '../auth/roles';

/** What the multipart parser below puts into `req.body`. */
interface UploadFormular {
  _csrf?: string;
  datei?: { dateiname: string; daten: Buffer; zuGross: boolean };
}

/** API errors in English: the service's errors carry an English text beside the German one. */
function englisch(e: unknown): unknown {
  const en = englischeMeldung(e);
  if (e instanceof AppError && en) e.message = en;
  return e;
}

const alsApiDetails = (u: UploadErgebnis) => u.fehler.map((f) => ({ line: f.zeile, field: f.spalte, message: f.meldung }));

export async function uploadRoutes(appRaw: FastifyInstance) {
  const app = appRaw.withTypeProvider<ZodTypeProvider>();
  const service = app.services.uploads;
  const handelnde = (req: FastifyRequest): Handelnde => req.user!;

  /*
   * multipart/form-data, parsed completely in the content-type parser (this plugin only).
   *
   * Why here and not with @fastify/multipart: the app checks the CSRF token of every POST in a
   * global `preValidation` hook that reads `req.body._csrf` (app.ts). @fastify/multipart parses
   * the form later — in the handler, or with `attachFieldsToBody` in a preValidation hook of this
   * plugin, which runs AFTER the global one — so the token would never be seen there. Parsing the
   * form in the content-type parser (like @fastify/formbody does for ordinary forms) puts `_csrf`
   * into `req.body` before the global check: the same check, the token in the form as on every
   * other page, nothing in the URL (a token in the query string ends up in logs and histories).
   * Parsing happens after the access check (onRequest), so only logged-in uploaders reach it;
   * busboy (@fastify/busboy, the parser inside @fastify/multipart) enforces one file of at most
   * 50 MB and a few small fields.
   */
  app.addContentTypeParser('multipart/form-data', (req, payload, done) => {
    let bb: ReturnType<typeof Busboy>;
    try {
      bb = Busboy({ headers: req.headers as { 'content-type': string }, limits: { files: 1, fields: 5, fieldSize: 4096, fileSize: MAX_UPLOAD_BYTES, parts: 6 } });
    } catch (e) {
      done(Object.assign(e as Error, { statusCode: 400 }), undefined);
      return;
    }
    const body: UploadFormular = {};
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
      if (name !== 'datei') {
        stream.resume();
        return;
      }
      const teile: Buffer[] = [];
      stream.on('data', (c: Buffer) => teile.push(c));
      stream.on('end', () => {
        body.datei = { dateiname: filename ?? '', daten: Buffer.concat(teile), zuGross: stream.truncated };
      });
    });
    bb.on('error', (e) => finish(Object.assign(e instanceof Error ? e : new Error(String(e)), { statusCode: 400 })));
    bb.on('finish', () => finish(null));
    payload.pipe(bb);
  });

  /* The API takes the CSV itself as the body. */
  app.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) => done(null, body));

  const seitenZugang = { access: UPLOAD_ROLLEN };

  /* ------------------------------------------------------------------ pages */

  const listenSeite = async (req: FastifyRequest) => service.liste(handelnde(req), 50);

  app.get('/verwaltung/uploads', { config: seitenZugang }, async (req, reply) =>
    sendPage(reply, <UploadsPage ctx={pageContext(req, reply)} uploads={await listenSeite(req)} ministerium={MINISTERIUM.includes(req.user!.role)} />),
  );

  app.get('/verwaltung/uploads/vorlage.csv', { config: seitenZugang }, async (_req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="online-verfahren-vorlage.csv"')
      // A byte order mark lets Excel open the UTF-8 file with the right umlauts.
      .send(`\uFEFF${schreibeCsv(BEISPIEL_KOPF, BEISPIEL_ZEILEN)}`),
  );

  app.post('/verwaltung/uploads', { config: seitenZugang }, async (req, reply) => {
    const roh = (req.body ?? {}) as UploadFormular;
    // Only the multipart parser above yields a file; any other body (JSON, a plain form) has none.
    const body: UploadFormular = { datei: roh.datei && typeof roh.datei === 'object' && Buffer.isBuffer(roh.datei.daten) ? roh.datei : undefined };
    // A failed form is not an exception: the page again, with the message at the file field.
    const renderFehler = async (message: string) =>
      sendPage(
        reply,
        <UploadsPage ctx={pageContext(req, reply)} uploads={await listenSeite(req)} ministerium={MINISTERIUM.includes(req.user!.role)} errors={[{ field: 'datei', message }]} />,
        400,
      );
    if (!body.datei || (body.datei.daten.byteLength === 0 && !body.datei.dateiname)) return renderFehler(req.locale === 'de' ? 'Bitte wählen Sie eine CSV-Datei aus.' : 'Please choose a CSV file.');
    if (body.datei.zuGross) return renderFehler(req.locale === 'de' ? 'Die Datei ist größer als 50 MB. Bitte teilen Sie sie auf.' : 'The file is larger than 50 MB. Please split it.');
    if (body.datei.daten.byteLength === 0) return renderFehler(req.locale === 'de' ? 'Die ausgewählte Datei ist leer.' : 'The chosen file is empty.');
    const gelesen = parseUploadCsv(body.datei.daten);
    const upload = await service.pruefeUndSpeichere(
      handelnde(req),
      { format: 'csv', dateiname: body.datei.dateiname, zeilen: gelesen.zeilen, lesefehler: gelesen.fehler, hinweise: gelesen.hinweise },
      { requestId: req.id },
    );
    return reply.redirect(`/verwaltung/uploads/${upload.id}`, 303);
  });

  app.get('/verwaltung/uploads/:id', { config: seitenZugang }, async (req, reply) => {
    const params = uploadIdParam.safeParse(req.params);
    const query = seiteQuery.safeParse(req.query);
    const seite = query.success ? query.data.seite : 1;
    const user = handelnde(req);
    // An id that is not a UUID is an upload that does not exist (the service says so in German).
    const upload = await service.upload(params.success ? params.data.id : 'x', user, { fehlerOffset: (seite - 1) * FEHLER_PRO_SEITE, fehlerLimit: FEHLER_PRO_SEITE });
    const darfUebernehmen = upload.status === 'geprueft' && (upload.userId === user.id || MINISTERIUM.includes(user.role));
    return sendPage(
      reply,
      <UploadPage ctx={pageContext(req, reply)} upload={upload} seite={seite} darfUebernehmen={darfUebernehmen} geradeUebernommen={query.success && query.data.uebernommen === '1'} />,
    );
  });

  app.get('/verwaltung/uploads/:id/fehler.csv', { config: seitenZugang }, async (req, reply) => {
    const params = uploadIdParam.safeParse(req.params);
    const { upload, fehler } = await service.alleFehler(params.success ? params.data.id : 'x', handelnde(req));
    const name = `fehler-${upload.dateiname.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'upload'}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      // Column names and messages quote the uploaded file: no cell may start a formula.
      .send(`\uFEFF${schreibeCsv(['zeile', 'spalte', 'meldung'], fehler.map((f) => [String(f.zeile), entschaerfe(f.spalte ?? ''), entschaerfe(f.meldung)]))}`);
  });

  app.post('/verwaltung/uploads/:id/uebernehmen', { config: seitenZugang }, async (req, reply) => {
    const params = uploadIdParam.safeParse(req.params);
    const id = params.success ? params.data.id : 'x';
    try {
      await service.uebernehme(id, handelnde(req), { requestId: req.id });
    } catch (e) {
      // Already taken over (a double click, a second tab): show the upload as it is.
      if (e instanceof ConflictError) return reply.redirect(`/verwaltung/uploads/${id}`, 303);
      throw e;
    }
    return reply.redirect(`/verwaltung/uploads/${id}?uebernommen=1`, 303);
  });

  /* ------------------------------------------------------------------ API */

  const apiErrors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 413: errorResponse };

  app.post(
    '/api/v1/uploads',
    {
      config: { access: 'authenticated' },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['uploads'],
        summary: 'Upload a CSV of Online-Verfahren and check it (dry run)',
        description:
          'The body is the CSV file itself (`content-type: text/csv`, UTF-8, `;` or `,`, at most 50 MB and 200,000 rows; columns in docs/uploads.md). Every row is checked; nothing is written but the upload. `status` is `geprueft` (commit it with POST /api/v1/uploads/{id}/commit) or `fehlerhaft` (`fehler` lists line, column and a German message; the first 1,000 here, all with GET /api/v1/uploads/{id}). For IT-Dienstleister, Kommune editors and ministry staff. Cookie-authenticated calls send the CSRF token (GET /api/v1/csrf) in the `x-csrf-token` header.',
        querystring: uploadQuery,
        response: { 201: uploadResponse, ...apiErrors },
      },
    },
    async (req, reply) => {
      const raw = req.body as unknown;
      const daten = Buffer.isBuffer(raw) ? raw : typeof raw === 'string' ? Buffer.from(raw) : undefined;
      if (!daten) {
        throw Object.assign(new Error('Send the CSV file as the request body with content-type text/csv'), { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      }
      const gelesen = parseUploadCsv(daten);
      try {
        const u = await service.pruefeUndSpeichere(
          handelnde(req),
          { format: req.query.format, dateiname: req.query.dateiname, zeilen: gelesen.zeilen, lesefehler: gelesen.fehler, hinweise: gelesen.hinweise },
          { requestId: req.id },
        );
        return reply.code(201).send({ ...u, fehler: u.fehler.slice(0, 1000) });
      } catch (e) {
        throw englisch(e);
      }
    },
  );

  app.get(
    '/api/v1/uploads',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['uploads'], summary: "The user's uploads, newest first (ministry staff: everyone's)", response: { 200: uploadListResponse, 401: errorResponse } },
    },
    async (req) => (await service.liste(handelnde(req), 100)).map(({ fehler: _f, ...u }) => u),
  );

  app.get(
    '/api/v1/uploads/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['uploads'],
        summary: 'One upload with its status, statistics and a page of its errors',
        params: uploadIdParam,
        querystring: fehlerSeiteQuery,
        response: { 200: uploadResponse, ...apiErrors },
      },
    },
    async (req) => {
      try {
        return await service.upload(req.params.id, handelnde(req), req.query);
      } catch (e) {
        throw englisch(e);
      }
    },
  );

  app.post(
    '/api/v1/uploads/:id/commit',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['uploads'],
        summary: 'Commit a checked upload (all rows or none)',
        description:
          'Only the uploader or ministry staff, only status `geprueft`. The rows are checked again against the current data; if that finds errors nothing is written, the upload becomes `fehlerhaft` and the answer is 409 `UPLOAD_INVALID` with line and column of each error in `details`. Send no body.',
        params: uploadIdParam,
        response: { 200: uploadResponse, ...apiErrors },
      },
    },
    async (req) => {
      let u: UploadErgebnis;
      try {
        u = await service.uebernehme(req.params.id, handelnde(req), { requestId: req.id });
      } catch (e) {
        throw englisch(e);
      }
      if (u.status !== 'uebernommen') throw new UploadUngueltig(u);
      return u;
    },
  );
}

/** Thrown when a commit's second check finds errors: nothing was written, the upload is `fehlerhaft` now. */
class UploadUngueltig extends AppError {
  readonly code = 'UPLOAD_INVALID';
  readonly status = 409;
  constructor(u: UploadErgebnis) {
    super(`The data changed since the dry run: ${u.fehlerAnzahl} error(s) now; nothing was committed`, alsApiDetails(u));
  }
}


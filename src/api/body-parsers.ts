/**
 * Request bodies: JSON, or YAML as text, each up to the configured size. Errors (too large,
 * malformed JSON, unsupported type) answer with a JSON error naming the reason, before any route runs.
 */
import type { IncomingMessage, ServerResponse } from 'http';

type Next = (err?: unknown) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;
// express is installed with @nestjs/platform-express (the HTTP adapter in use).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as { json(o: object): Middleware; text(o: object): Middleware };

export const YAML_CONTENT_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];

function sendError(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ statusCode: status, error: status === 413 ? 'Payload Too Large' : 'Bad Request', message }));
}

export function bodyParsers(limitBytes: number): Middleware {
  const json = express.json({ limit: limitBytes, strict: true, type: ['application/json', 'application/*+json'] });
  const text = express.text({ limit: limitBytes, type: YAML_CONTENT_TYPES });
  const wrap = (parser: Middleware, kind: string): Middleware => (req, res, next) =>
    parser(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { status?: number; type?: string; message?: string };
      if (e.status === 413 || e.type === 'entity.too.large') return sendError(res, 413, `request body larger than ${limitBytes} bytes (BATSAFE_MAX_BODY_BYTES)`);
      return sendError(res, e.status && e.status >= 400 && e.status < 500 ? e.status : 400, `malformed ${kind} body: ${e.message ?? String(err)}`);
    });
  const jsonMw = wrap(json, 'JSON');
  const textMw = wrap(text, 'text');
  return (req, res, next) => jsonMw(req, res, (err?: unknown) => (err ? next(err) : textMw(req, res, next)));
}

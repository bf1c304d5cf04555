import { InputError } from '@backstage/errors';
import { findFreeTextProblem, freeTextProblem } from '@pave/common';
import express, { Request, RequestHandler } from 'express';

/**
 * The longest value Pave reads from each part of a request. Specific fields
 * are stricter (a description is 200); these stop what no field needs.
 *
 * @public
 */
export const REQUEST_TEXT_LIMITS = {
  /** One query-string value: an entity ref, a filter, a cursor. */
  query: 2048,
  /** One path segment: an entity ref, a deployment id. */
  pathSegment: 1024,
  /** One string in a JSON body: a Score file's values, a description. */
  bodyString: 256 * 1024,
  /** Nesting of a JSON body: a plan is about 10 deep. */
  bodyDepth: 64,
};

const INVALID_UTF8 = Symbol('pave.invalidUtf8');
type FlaggedRequest = Request & { [INVALID_UTF8]?: boolean };

/** Bounded for error messages: the raw value may be megabytes. */
function quoted(raw: string): string {
  return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
}

function decodeComponent(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** The first problem in the path segments and the query string, if any. */
function urlProblem(req: Request): string | undefined {
  const segments = req.path.split('/').filter(Boolean);
  for (const raw of segments) {
    const segment = decodeComponent(raw);
    const field = `path segment ${quoted(raw)}`;
    if (segment === undefined) {
      return `${field}: must be valid UTF-8 in percent-encoding`;
    }
    const problem = freeTextProblem(segment, {
      maxLength: REQUEST_TEXT_LIMITS.pathSegment,
    });
    if (problem) return `${field}: ${problem}`;
  }
  // The raw pairs, before qs turns them into objects: every string qs can
  // produce is a part of one of them.
  const start = req.originalUrl.indexOf('?');
  if (start < 0) return undefined;
  for (const pair of req.originalUrl.slice(start + 1).split('&')) {
    if (!pair) continue;
    const [rawKey, rawValue = ''] = pair.split(/=(.*)/s);
    const key = decodeComponent(rawKey.replace(/\+/g, ' '));
    const value = decodeComponent(rawValue.replace(/\+/g, ' '));
    const field =
      key !== undefined && !freeTextProblem(key, { maxLength: 100 })
        ? `query.${key}`
        : `query parameter ${quoted(rawKey)}`;
    if (key === undefined || value === undefined) {
      return `${field}: must be valid UTF-8 in percent-encoding`;
    }
    const problem =
      freeTextProblem(key, { maxLength: 100 }) ??
      freeTextProblem(value, { maxLength: REQUEST_TEXT_LIMITS.query });
    if (problem) return `${field}: ${problem}`;
  }
  return undefined;
}

/**
 * The one input rule of every Pave router, in front of its routes: path
 * segments, query values and every string and key of a JSON body must be
 * valid UTF-8 without control characters (a body's strings may hold tabs and
 * newlines) and within {@link REQUEST_TEXT_LIMITS}. Anything else is a 400
 * naming where it is, before any route runs, so nothing is created.
 *
 * Replaces `express.json()` in a router: `router.use(hardenedInput(...))`.
 *
 * @public
 */
export function hardenedInput(options: {
  /** The JSON body limit, as `express.json` takes it ('1mb'). */
  jsonLimit: string;
}): RequestHandler[] {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const checkUrl: RequestHandler = (req, _res, next) => {
    const problem = urlProblem(req);
    next(problem ? new InputError(problem) : undefined);
  };
  const json = express.json({
    limit: options.jsonLimit,
    // body-parser decodes loosely (bad bytes become U+FFFD); look at the
    // bytes first. Only UTF-8 is checked: other charsets are decoded strictly.
    verify: (req, _res, buf, encoding) => {
      if (!/^utf-?8$/i.test(encoding)) return;
      try {
        utf8.decode(buf);
      } catch {
        (req as FlaggedRequest)[INVALID_UTF8] = true;
      }
    },
  });
  const checkBody: RequestHandler = (req, _res, next) => {
    if ((req as FlaggedRequest)[INVALID_UTF8]) {
      next(new InputError('body: must be valid UTF-8'));
      return;
    }
    const problem =
      req.body && typeof req.body === 'object'
        ? findFreeTextProblem(req.body, 'body', {
            maxLength: REQUEST_TEXT_LIMITS.bodyString,
            multiline: true,
            maxDepth: REQUEST_TEXT_LIMITS.bodyDepth,
          })
        : undefined;
    next(problem ? new InputError(problem) : undefined);
  };
  return [checkUrl, json, checkBody];
}

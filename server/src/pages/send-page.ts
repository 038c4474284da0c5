import type { FastifyReply } from 'fastify';
import { layout, type Page } from './layout.ts';

/**
 * The one Content-Security-Policy of server-rendered pages, stricter than the API's (helmet's,
 * `default-src 'self'`): nothing but our own scripts (the widget, on the hosted page and /demo),
 * styles and API; forms post to us only; never framed. The widget promises to live under
 * `script-src 'self'` and `style-src 'self'` (docs/design.md §3), so /demo shows it under exactly
 * that.
 */
export const pageSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * Sends a page through the layout. Not cached: the questionnaire carries an answer id made for
 * this view, and a form sent back with its errors holds what the person typed.
 */
export function sendPage(reply: FastifyReply, status: number, page: Page): FastifyReply {
  return reply
    .code(status)
    .headers({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': pageSecurityPolicy,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    })
    .send(layout(page).markup);
}

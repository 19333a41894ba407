import { isoTime, type Engine } from './engine';
import { has, isJsonObject, readString, type JsonObject } from './exact-json';
import type { WebhookConfig } from './state';
import { MESSAGES } from './validation';
import type { ApiResult } from './wire';
import { WEBHOOK_EVENTS } from '../../shared/rules/enkash-fields';

/**
 * Webhook configuration: stored and echoed, one per company (a second POST replaces the first). The sandbox
 * never calls the URL — a desktop app polls Search Payouts instead (enkash-api.md §9).
 */

const invalid: ApiResult = { kind: 'error', code: 422, message: MESSAGES.invalidParameter };

function view(w: WebhookConfig): Record<string, unknown> {
  return {
    companyId: w.companyId,
    headers: w.headers,
    webhookUrl: w.webhookUrl,
    sslCertificate: w.sslCertificate,
    events: w.events,
    enabled: w.enabled,
    updatedOn: isoTime(w.updatedOn),
  };
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function createWebhook(engine: Engine, body: JsonObject, now: number): ApiResult {
  const url = typeof body.webhookUrl === 'string' ? body.webhookUrl.trim() : '';
  if (!isHttpUrl(url)) return invalid;
  const events = body.events;
  if (!Array.isArray(events) || events.length === 0) return invalid;
  if (!events.every((e) => typeof e === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(e))) return invalid;
  const headers: Record<string, string> = {};
  if (has(body, 'headers')) {
    const h = body.headers;
    if (!isJsonObject(h)) return invalid;
    for (const [k, v] of Object.entries(h)) {
      if (typeof v !== 'string') return invalid;
      headers[k] = v;
    }
  }
  if (has(body, 'sslCertificate') && typeof body.sslCertificate !== 'string') return invalid;
  if (has(body, 'enabled') && typeof body.enabled !== 'boolean') return invalid;
  const companyId = engine.config.credentials.companyId;
  if (has(body, 'companyId') && readString(body, 'companyId') !== companyId) {
    return { kind: 'error', code: 412, message: MESSAGES.invalidCompany };
  }
  const config: WebhookConfig = {
    companyId,
    webhookUrl: url,
    events: [...new Set(events as string[])],
    headers,
    sslCertificate: readString(body, 'sslCertificate'),
    enabled: body.enabled === false ? false : true,
    updatedOn: now,
  };
  engine.state.webhook = config;
  engine.dirty = true;
  return { kind: 'ok', payload: view(config) };
}

export function getWebhook(engine: Engine): ApiResult {
  const w = engine.state.webhook;
  if (!w) return { kind: 'error', code: 404, message: MESSAGES.webhookNotFound };
  return { kind: 'ok', payload: view(w) };
}

/**
 * Reading a server's `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP date, found on the
 * thrown error in the shapes common HTTP clients use.
 */

/** Parses a Retry-After value (seconds as number or string, HTTP date, or Date) into milliseconds. */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (value instanceof Date) {
    const at = value.getTime();
    return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function headerOf(headers: unknown): unknown {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    // A fetch Headers (or Map-like) object: case-insensitive for Headers, try both spellings otherwise.
    try {
      const value: unknown = get.call(headers, 'retry-after') ?? get.call(headers, 'Retry-After');
      if (value !== undefined && value !== null) return value;
    } catch {
      return undefined;
    }
  }
  const record = headers as Record<string, unknown>;
  const value = record['retry-after'] ?? record['Retry-After'];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The server-requested delay an error carries, in milliseconds: `retryAfterMs` (number, ms),
 * `retryAfter` (seconds, date string or Date), or a `retry-after` header on `headers` or
 * `response.headers` (fetch `Headers` or a plain object); also looked up on `cause`.
 */
export function retryAfterOf(error: unknown, nowMs: number): number | undefined {
  for (let depth = 0, current = error; depth < 2; depth++) {
    if (typeof current !== 'object' || current === null) return undefined;
    const record = current as { retryAfterMs?: unknown; retryAfter?: unknown; headers?: unknown; response?: { headers?: unknown }; cause?: unknown };
    if (typeof record.retryAfterMs === 'number' && Number.isFinite(record.retryAfterMs) && record.retryAfterMs >= 0) return record.retryAfterMs;
    const direct = parseRetryAfter(record.retryAfter, nowMs);
    if (direct !== undefined) return direct;
    const fromHeaders = parseRetryAfter(headerOf(record.headers), nowMs);
    if (fromHeaders !== undefined) return fromHeaders;
    if (typeof record.response === 'object' && record.response !== null) {
      const fromResponse = parseRetryAfter(headerOf(record.response.headers), nowMs);
      if (fromResponse !== undefined) return fromResponse;
    }
    current = record.cause;
  }
  return undefined;
}

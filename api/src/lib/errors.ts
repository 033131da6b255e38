import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Lang } from './i18n.js';

export const errorCodes = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_TRANSITION',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'STORE_UNAVAILABLE',
  'SEARCH_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export function codeToStatus(code: ErrorCode): ContentfulStatusCode {
  switch (code) {
    case 'BAD_REQUEST':
    case 'VALIDATION_FAILED':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'INVALID_TRANSITION':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'RATE_LIMITED':
      return 429;
    case 'STORE_UNAVAILABLE':
    case 'SEARCH_UNAVAILABLE':
      return 503;
    case 'INTERNAL':
      return 500;
  }
}

/** The default, user-facing message of each code, Chinese first. */
const defaultMessages: Record<ErrorCode, Record<Lang, string>> = {
  BAD_REQUEST: { zh: '请求格式有误。', en: 'The request is malformed.' },
  VALIDATION_FAILED: { zh: '提交的内容有误，请检查后重试。', en: 'Some fields are invalid.' },
  UNAUTHENTICATED: { zh: '请先登录。', en: 'Please sign in first.' },
  FORBIDDEN: { zh: '您没有权限执行此操作。', en: 'You are not allowed to do this.' },
  NOT_FOUND: { zh: '找不到该资源。', en: 'Not found.' },
  CONFLICT: {
    zh: '数据已被修改或已存在，请刷新后重试。',
    en: 'The record changed or already exists; reload and try again.',
  },
  INVALID_TRANSITION: {
    zh: '当前状态下不能执行此操作。',
    en: 'This action is not allowed in the current state.',
  },
  PAYLOAD_TOO_LARGE: { zh: '提交的内容过大。', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: {
    zh: '不支持的内容类型，请使用 JSON。',
    en: 'Unsupported content type; send JSON.',
  },
  RATE_LIMITED: { zh: '操作过于频繁，请稍后再试。', en: 'Too many attempts; try again later.' },
  STORE_UNAVAILABLE: {
    zh: '数据库暂时不可用，请稍后再试。',
    en: 'The database is unavailable; try again later.',
  },
  SEARCH_UNAVAILABLE: {
    zh: '搜索服务暂时不可用，请稍后再试。',
    en: 'Search is unavailable; try again later.',
  },
  INTERNAL: { zh: '服务器内部错误，请稍后再试。', en: 'Internal error; try again later.' },
};

export type LocalizedText = Record<Lang, string>;

export interface ApiErrorOptions {
  /** A message for the user in each language; defaults to the code's generic message. */
  message?: LocalizedText;
  details?: unknown;
  cause?: unknown;
}

/** The one error type routes throw; `app.onError` turns it into the wire envelope. */
export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly localized: LocalizedText;
  readonly details: unknown;

  constructor(code: ErrorCode, options: ApiErrorOptions = {}) {
    const localized = options.message ?? defaultMessages[code];
    super(codeToStatus(code), { message: localized.en, cause: options.cause });
    this.code = code;
    this.localized = localized;
    this.details = options.details;
  }
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; requestId: string; details?: unknown };
}

export function errorEnvelope(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: unknown,
): ErrorEnvelope {
  return {
    error:
      details === undefined ? { code, message, requestId } : { code, message, requestId, details },
  };
}

export function defaultMessage(code: ErrorCode, lang: Lang): string {
  return defaultMessages[code][lang];
}

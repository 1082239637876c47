/**
 * When BATSAFE_API_TOKEN is set, every mutating request (POST, PUT, PATCH, DELETE; validation
 * excepted, it changes nothing) must carry `Authorization: Bearer <token>`.
 */
import { timingSafeEqual, createHash } from 'crypto';
import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { IncomingMessage } from 'http';
import type { ServerConfig } from './config';
import { SERVER_CONFIG } from './tokens';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const READ_ONLY_POSTS = new Set(['/scenarios/validate']);

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(@Inject(SERVER_CONFIG) private readonly config: ServerConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = this.config.apiToken;
    if (!token || context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<IncomingMessage & { path?: string }>();
    const route = (req.path ?? req.url ?? '').split('?')[0];
    if (!MUTATING.has(req.method ?? '') || READ_ONLY_POSTS.has(route)) return true;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    // Compare digests so the comparison takes the same time whatever the length of the guess.
    if (!match || !timingSafeEqual(digest(match[1].trim()), digest(token))) {
      throw new UnauthorizedException('this server requires an API token on mutating requests: send Authorization: Bearer <BATSAFE_API_TOKEN>');
    }
    return true;
  }
}

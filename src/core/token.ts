/** The user id a JWT names (`sub`, else `user_id` or `uid`), read without verifying it. */
export function userIdFromToken(token: string | undefined): number | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    // Claims that are not an object read as no claims (a primitive's fields are undefined; null's throw).
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const id = Number(claims.sub ?? claims.user_id ?? claims.uid);
    return Number.isFinite(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The user a connection is for: the id given, else the token's. `NaN` when neither names one. */
export function userIdOf({ userId, token }: { userId?: string | number; token?: string }): number {
  return Number(userId ?? userIdFromToken(token));
}

import { ApiResponse } from '@nestjs/swagger';

/**
 * Documents the 403 of a route that grants or acts on accounts: FORBIDDEN when `forbidden`, and ESCALATION_DENIED
 * (the grant rule, see GrantGuard) when `rule` is broken. Use it instead of `ApiProblems(403)` on such a route.
 */
export function ApiEscalationDenied(rule: string, forbidden = 'without the required permission') {
  return ApiResponse({
    status: 403,
    description: `Not allowed: FORBIDDEN ${forbidden}; ESCALATION_DENIED when ${rule}`,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
  });
}

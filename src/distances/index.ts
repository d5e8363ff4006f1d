// The public surface of distances/: what graphql/ and the composition root may use.
export type { DistanceService } from './distance.service.js';

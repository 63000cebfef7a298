import { type ServiceError, status } from '@grpc/grpc-js';

/** The faults a test can ask the stand-in to answer the next Publish calls with. */
export type PublishFault = 'UNAVAILABLE' | 'NOT_FOUND' | 'PERMISSION_DENIED';

/** A gRPC error as grpc-js sends it: the status code and its details text. */
export type StandinError = Pick<ServiceError, 'code' | 'details'> & { message: string };

const error = (code: status, details: string): StandinError => ({
  code,
  details,
  message: `${code} ${status[code]}: ${details}`,
});

// Worded as Pub/Sub words them (as seen from the real service); the stand-in's own refusals say
// "stand-in:" so a test failing on one is not mistaken for a Google answer.
export const topicNotFound = (topicId: string): StandinError =>
  error(status.NOT_FOUND, `Resource not found (resource=${topicId}).`);

export const permissionDenied = (): StandinError =>
  error(status.PERMISSION_DENIED, 'User not authorized to perform this action.');

export const unavailable = (): StandinError =>
  error(status.UNAVAILABLE, 'The service was unable to fulfill your request. Please try again. [code=8a75]');

export const invalidArgument = (details: string): StandinError => error(status.INVALID_ARGUMENT, details);

export function faultError(fault: PublishFault, topicId: string): StandinError {
  switch (fault) {
    case 'UNAVAILABLE':
      return unavailable();
    case 'NOT_FOUND':
      return topicNotFound(topicId);
    case 'PERMISSION_DENIED':
      return permissionDenied();
  }
}

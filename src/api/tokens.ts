/** Injection tokens of the API and worker modules. */
export const SERVER_CONFIG = Symbol('SERVER_CONFIG');
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export const JOB_BACKEND = Symbol('JOB_BACKEND');
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

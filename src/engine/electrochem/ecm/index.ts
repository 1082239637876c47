export * from './parameter';
export * from './ecm-model';

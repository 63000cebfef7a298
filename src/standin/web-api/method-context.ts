import type { StandinState } from '../standin-state.js';
import type { MethodArgs } from './method-args.js';

export type MethodResult = Record<string, unknown>;
export type MethodHandler = (args: MethodArgs, state: StandinState) => MethodResult;
export type MethodTable = Record<string, MethodHandler>;

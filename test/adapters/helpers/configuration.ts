/**
 * What createBackends refuses in a configuration: the problems its BackendConfigurationError
 * lists, or none when it builds the backends.
 */
import {
  BackendConfigurationError,
  type BackendInputs,
  createBackends,
} from '../../../src/adapters/create-backends.ts';

/** Every problem createBackends reports for `inputs`; empty when it accepts them. */
export function configurationProblems(inputs: BackendInputs): readonly string[] {
  try {
    createBackends(inputs);
  } catch (error) {
    if (error instanceof BackendConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

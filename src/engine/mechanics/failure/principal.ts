/** Principal values (descending) of the Voigt tensor at point `i`, into module scratch. No allocation. */
import { sortDescending3, symmetricEigen } from '../materials/tensor3';

const VECTORS = new Float64Array(9);

export function principalValues(tensor: Float64Array, point: number, out: Float64Array): void {
  symmetricEigen(tensor, 6 * point, out, VECTORS);
  sortDescending3(out);
}

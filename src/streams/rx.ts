/**
 * The part of RxJS the executor uses. Node resolves `rxjs` to its CommonJS
 * index, which loads every operator there is: about 50 ms of a 185 ms start.
 * These entry points, which the package exports for the purpose, load only
 * what is named here; the bundle, likewise, holds only these.
 */
export { Observable } from 'rxjs/internal/Observable';
export { Subject } from 'rxjs/internal/Subject';
export { merge } from 'rxjs/internal/observable/merge';
export { concatMap } from 'rxjs/internal/operators/concatMap';
export { map } from 'rxjs/internal/operators/map';
export { switchMap } from 'rxjs/internal/operators/switchMap';

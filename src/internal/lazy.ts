/**
 * A value made on the first call, the same value on every call after: how the wire Schemas are built
 * only when a call needs them.
 */
export const lazy = <A>(make: () => A): (() => A) => {
  let made = false
  let value: A
  return () => {
    if (!made) {
      value = make()
      made = true
    }
    return value
  }
}

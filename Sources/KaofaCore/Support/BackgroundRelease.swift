import Dispatch

/// Lets go of large values on another thread. Freeing the 100,000 questions of an import, with every string and array
/// in them, takes a tenth of a second on one core; handed to a background thread, it overlaps with what the caller
/// does next (writing the report and the file) instead of holding it up. Nothing is observable about the value after
/// the call: the caller passes its last reference.
public enum BackgroundRelease {
    public static func release<Value>(_ value: consuming Value) {
        let box = Box(value)
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(box) {} }
    }

    /// The value, owned by the task that releases it.
    private final class Box<Held>: @unchecked Sendable {
        let held: Held
        init(_ held: consuming Held) { self.held = held }
    }
}

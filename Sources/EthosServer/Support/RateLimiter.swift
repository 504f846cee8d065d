/// Counts events per key in fixed windows and says when a key is over its limit: failed
/// sign-ins per account and per address, API calls per caller. In memory, per process; at
/// most `maximumKeys` keys are held, the oldest windows dropped first, so a flood of new
/// addresses cannot grow it without bound.
actor RateLimiter {
    let limit: Int
    /// The window's length, in seconds.
    let window: Int64
    let maximumKeys: Int
    private var windows: [String: (start: Int64, count: Int)] = [:]

    init(limit: Int, window: Int64, maximumKeys: Int = 100_000) {
        self.limit = limit
        self.window = window
        self.maximumKeys = maximumKeys
    }

    /// The seconds until `key` may try again, or nil when it is under its limit.
    func retryAfter(_ key: String, now: Int64) -> Int64? {
        guard let entry = windows[key], now < entry.start + window, entry.count >= limit else { return nil }
        return max(1, entry.start + window - now)
    }

    /// Counts one event for `key`; the seconds until it may try again when that puts it over its limit.
    @discardableResult
    func count(_ key: String, now: Int64) -> Int64? {
        if let blocked = retryAfter(key, now: now) { return blocked }
        var entry = windows[key] ?? (now, 0)
        if now >= entry.start + window { entry = (now, 0) }
        entry.count += 1
        windows[key] = entry
        if windows.count > maximumKeys { prune(now: now) }
        return entry.count > limit ? max(1, entry.start + window - now) : nil
    }

    /// Forgets `key`'s events (a successful sign-in clears its failures).
    func reset(_ key: String) {
        windows[key] = nil
    }

    private func prune(now: Int64) {
        windows = windows.filter { now < $0.value.start + window }
        guard windows.count > maximumKeys else { return }
        let keep = windows.sorted { $0.value.start > $1.value.start }.prefix(maximumKeys / 2)
        windows = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }
}

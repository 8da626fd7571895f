using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Release.DevServer.Persistence;

/// <summary>
/// A dictionary that reports lookups, additions and removals, so the engine learns which executions a
/// step may have changed without a hook at every mutation: code that changes a run first finds it
/// here. Enumeration (listing, visibility) reports nothing, since it only reads. With no observer
/// attached (no database) it costs one null check per call.
/// </summary>
internal sealed class TrackedTable<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _items;

    public TrackedTable(IEqualityComparer<TKey>? comparer = null) => _items = new(comparer);

    public ITableObserver<TKey, TValue>? Observer { get; set; }

    public int Count => _items.Count;
    public IEnumerable<TKey> Keys => _items.Keys;
    public IEnumerable<TValue> Values => _items.Values;

    public TValue this[TKey key]
    {
        get
        {
            var value = _items[key];
            Observer?.Found(value);
            return value;
        }
        set
        {
            _items[key] = value;
            Observer?.Added(key, value);
        }
    }

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_items.TryGetValue(key, out value))
        {
            Observer?.Found(value);
            return true;
        }
        return false;
    }

    public TValue? GetValueOrDefault(TKey key) => TryGetValue(key, out var value) ? value : default;

    public TValue GetValueOrDefault(TKey key, TValue defaultValue) => TryGetValue(key, out var value) ? value : defaultValue;

    public bool ContainsKey(TKey key) => _items.ContainsKey(key);

    public void Add(TKey key, TValue value)
    {
        _items.Add(key, value);
        Observer?.Added(key, value);
    }

    public bool Remove(TKey key) => Remove(key, out _);

    public bool Remove(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_items.Remove(key, out value))
        {
            Observer?.Removed(key, value);
            return true;
        }
        return false;
    }

    /// <summary>Fills the table at recovery without reporting anything.</summary>
    public void Load(TKey key, TValue value) => _items[key] = value;

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

internal interface ITableObserver<in TKey, in TValue>
{
    void Found(TValue value);
    void Added(TKey key, TValue value);
    void Removed(TKey key, TValue value);
}

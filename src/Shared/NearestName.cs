namespace Release.Shared;

// Compiled into each executable that needs it (see their .csproj) rather than shared through a
// project: the dev server and the simulator depend on no project of the product.

/// <summary>
/// For "did you mean": the known name closest to what was typed, when it is close enough to be a
/// typo (a few edits, or one name the start of the other), else null.
/// </summary>
internal static class NearestName
{
    public static string? Find(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        var best = known
            .Select(name => (Name: name, Distance: Distance(typed.ToLowerInvariant(), name.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        if (best.Name is null)
        {
            return null;
        }

        if (best.Distance <= Math.Max(1, Math.Min(3, best.Name.Length / 3)))
        {
            return best.Name;
        }

        // A shortened or a spelled-out name: --tls for --tls-cert, --tls-certificate for --tls-cert.
        return known
            .Where(name => name.Length >= 4 && typed.Length >= 4)
            .Where(name => name.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || typed.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(name => name.Length)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance, with a swap of two neighbours counted as one edit ("strat" is one from "start").</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

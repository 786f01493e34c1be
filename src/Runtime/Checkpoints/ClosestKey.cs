using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>The key most like a given one, for messages about keys that do not match ("did you mean").</summary>
internal static class ClosestKey
{
    /// <summary>The candidate whose <paramref name="compared"/> text is nearest to <paramref name="key"/> in edit
    /// distance (the first of equals), or null when none is within half the key's length: files named in another
    /// scheme altogether get no suggestion rather than a misleading one.</summary>
    public static string? Find(string key, IEnumerable<string> candidates, Func<string, string> compared)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            int distance = Distance(key, compared(candidate));
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance * 2 <= key.Length ? best : null;
    }

    /// <summary>Levenshtein distance: the fewest insertions, deletions and substitutions from one to the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

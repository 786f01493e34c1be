using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Declarative.Generator.Incremental;

/// <summary>
/// The code a file's parse read besides declarations: spans of the file itself and other files. Kept beside the
/// pipeline's <see cref="FileInput"/> items, in a table keyed by the item the parse ran on, so that the items stay
/// immutable once handed to Roslyn; <see cref="FileInput.Comparer"/> looks it up.
/// </summary>
/// <remarks>
/// Keyed by the item, not by its syntax tree: two drivers (two projects, a test and its fresh run) can parse the same
/// tree in different compilations, where it reads different code; each item belongs to one run of one driver. The
/// table holds its keys weakly: an entry lives as long as Roslyn keeps the item.
/// </remarks>
/// <param name="InFile">The spans of the code read in the file itself.</param>
/// <param name="OtherFiles">The other files whose code was read.</param>
internal sealed record CodeRead(ImmutableArray<TextSpan> InFile, ImmutableArray<SyntaxTree> OtherFiles)
{
    private static readonly ConditionalWeakTable<FileInput, CodeRead> Table = new();

    /// <summary>
    /// Records what the parse of <paramref name="input"/> read; <paramref name="nodes"/> is null when the parse could
    /// not tell, and then nothing is recorded and the file is parsed again on every run.
    /// </summary>
    public static void Record(FileInput input, IEnumerable<SyntaxNode>? nodes)
    {
        CodeRead? read = null;
        if (nodes is not null)
        {
            var list = nodes.ToList();
            read = new CodeRead(
                list.Where(n => n.SyntaxTree == input.File).Select(n => n.Span).ToImmutableArray(),
                list.Select(n => n.SyntaxTree).Where(t => t != input.File).Distinct().ToImmutableArray());
        }
        lock (Table)
        {
            // Should the same item be parsed again, only its latest parse counts.
            Table.Remove(input);
            if (read is not null)
                Table.Add(input, read);
        }
    }

    /// <summary>What the parse of <paramref name="input"/> read, or null when it has not run or could not tell.</summary>
    public static CodeRead? Of(FileInput input)
        => Table.TryGetValue(input, out var read) ? read : null;
}

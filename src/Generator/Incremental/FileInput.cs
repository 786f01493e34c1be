using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Declarative.Generator.Incremental;

/// <summary>
/// One file of the compilation, to be parsed for annotated fields. <see cref="Comparer"/> decides when the parse
/// must run again: when the file changed, when any declaration of the compilation changed, or when another file
/// whose code the parse read (a constructor, a helper method) changed. Otherwise its last result still holds.
/// </summary>
/// <remarks>
/// The compilation is held weakly. The driver holds the current one strongly while it runs, which is when the parse
/// reads it; an input kept from an earlier run must not keep that run's compilation alive.
/// </remarks>
internal sealed class FileInput
{
    private readonly WeakReference<Compilation> _compilation;

    /// <param name="compilation">One weak reference per run, shared by the inputs of every file.</param>
    public FileInput(SyntaxTree file, DeclarationEnvironment environment, WeakReference<Compilation> compilation)
    {
        File = file;
        Environment = environment;
        _compilation = compilation;
    }

    public SyntaxTree File { get; }

    public DeclarationEnvironment Environment { get; }

    /// <summary>
    /// The files whose code the parse of this input read, recorded once it has run; null before that, or when the
    /// parse could not tell, in which case the file is parsed again on every run.
    /// </summary>
    public ImmutableArray<SyntaxTree>? TreesRead { get; private set; }

    /// <summary>The compilation the file is parsed in, which the driver holds while the parse runs.</summary>
    public Compilation Compilation
        => _compilation.TryGetTarget(out var compilation)
            ? compilation
            : throw new InvalidOperationException($"The compilation of '{File.FilePath}' was collected before the file was parsed.");

    public void RecordTreesRead(IEnumerable<SyntaxTree>? trees) => TreesRead = trees?.ToImmutableArray();

    public static IEqualityComparer<FileInput> Comparer { get; } = new InputComparer();

    /// <summary>Whether every file <paramref name="parsed"/> read is still, unchanged, in the compilation of <paramref name="next"/>.</summary>
    private static bool ReadFilesUnchanged(FileInput parsed, FileInput next)
        => parsed.TreesRead is { } trees
        && next._compilation.TryGetTarget(out var compilation)
        && trees.All(compilation.ContainsSyntaxTree);

    private sealed class InputComparer : IEqualityComparer<FileInput>
    {
        public bool Equals(FileInput? x, FileInput? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null) return false;
            if (x.File != y.File || !x.Environment.Equals(y.Environment)) return false;
            // Roslyn compares the input it parsed last with the new one; whichever of the two has run says what it read.
            if (x.TreesRead is null && y.TreesRead is null) return false;
            return (x.TreesRead is null || ReadFilesUnchanged(x, y))
                && (y.TreesRead is null || ReadFilesUnchanged(y, x));
        }

        public int GetHashCode(FileInput obj) => RuntimeHelpers.GetHashCode(obj.File);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Declarative.Generator.Incremental;

/// <summary>
/// One file of the compilation, to be parsed for annotated fields. <see cref="Comparer"/> decides when the parse
/// must run again: when any declaration of the compilation changed, when code the parse read in this file changed
/// (a constructor, not the <c>forward</c> method it never reads), or when another file whose code it read changed.
/// Otherwise its last result still holds. Immutable: what the parse read is kept beside it, in <see cref="CodeRead"/>.
/// </summary>
/// <remarks>
/// The compilation is held weakly. The driver holds the current one strongly while it runs, which is when the parse
/// reads it; an input kept from an earlier run must not keep that run's compilation alive.
/// </remarks>
internal sealed class FileInput
{
    private readonly WeakReference<Compilation> _compilation;

    /// <param name="file">The file.</param>
    /// <param name="environment">The declarations of the compilation.</param>
    /// <param name="compilation">One weak reference per run, shared by the inputs of every file.</param>
    public FileInput(SyntaxTree file, DeclarationEnvironment environment, WeakReference<Compilation> compilation)
    {
        File = file;
        Environment = environment;
        _compilation = compilation;
    }

    public SyntaxTree File { get; }

    public DeclarationEnvironment Environment { get; }

    /// <summary>The compilation the file is parsed in, which the driver holds while the parse runs.</summary>
    public Compilation Compilation
        => _compilation.TryGetTarget(out var compilation)
            ? compilation
            : throw new InvalidOperationException($"The compilation of '{File.FilePath}' was collected before the file was parsed.");

    /// <summary>
    /// Equal inputs are those whose last parse still holds. Correct only because of how Roslyn's driver uses it:
    /// <list type="number">
    /// <item>When the comparer says a new input equals the one kept from the last run, Roslyn keeps the old object,
    /// not the new one, as the step's output, and the parse does not run. So the kept item stays the one the parse ran
    /// on, and its <see cref="CodeRead"/> is the one to compare with at the next run, however many runs later.</item>
    /// <item>When the comparer says they differ, the new input goes on to the parse, which records what it read for
    /// that new object before the next run compares it.</item>
    /// </list>
    /// Which argument is the old input is not relied on: whichever of the two has a record is compared with the other.
    /// ComparerContractTests fails if Roslyn stops keeping the old object.
    /// </summary>
    public static IEqualityComparer<FileInput> Comparer { get; } = new InputComparer();

    /// <summary>
    /// Whether the result of parsing <paramref name="parsed"/>, which read <paramref name="read"/>, still holds for
    /// <paramref name="next"/>, in an equal environment: the file's declarations are then equal too, so its bodies
    /// pair up in order.
    /// </summary>
    private static bool StillHolds(FileInput parsed, CodeRead read, FileInput next)
    {
        if (!next._compilation.TryGetTarget(out var compilation))
            return false;
        if (parsed.File != next.File
            && (parsed.File.FilePath != next.File.FilePath || !FileDeclarations.SameBodies(parsed.File, next.File, read.InFile)))
            return false;
        return read.OtherFiles.All(compilation.ContainsSyntaxTree);
    }

    private sealed class InputComparer : IEqualityComparer<FileInput>
    {
        public bool Equals(FileInput? x, FileInput? y)
        {
            if (ReferenceEquals(x, y)) return true;
            if (x is null || y is null || !x.Environment.Equals(y.Environment)) return false;
            var xRead = CodeRead.Of(x);
            var yRead = CodeRead.Of(y);
            if (xRead is null && yRead is null) return false;
            return (xRead is null || StillHolds(x, xRead, y))
                && (yRead is null || StillHolds(y, yRead, x));
        }

        public int GetHashCode(FileInput obj) => StringComparer.Ordinal.GetHashCode(obj.File.FilePath);
    }
}

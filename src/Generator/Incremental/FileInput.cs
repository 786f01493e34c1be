using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Declarative.Generator.Incremental;

/// <summary>
/// One file of the compilation, to be parsed for annotated fields. <see cref="Comparer"/> decides when the parse
/// must run again: when any declaration of the compilation changed, when code the parse read in this file changed
/// (a constructor, not the <c>forward</c> method it never reads), or when another file whose code it read changed.
/// Otherwise its last result still holds.
/// </summary>
/// <remarks>
/// The compilation is held weakly. The driver holds the current one strongly while it runs, which is when the parse
/// reads it; an input kept from an earlier run must not keep that run's compilation alive.
/// </remarks>
internal sealed class FileInput
{
    private readonly WeakReference<Compilation> _compilation;
    private CodeRead? _codeRead;

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
    /// Records, once the parse has run, the code it read besides declarations; null when the parse could not tell, in
    /// which case the file is parsed again on every run.
    /// </summary>
    public void RecordCodeRead(IEnumerable<SyntaxNode>? nodes)
    {
        if (nodes is null) return;
        var list = nodes.ToList();
        _codeRead = new CodeRead(
            list.Where(n => n.SyntaxTree == File).Select(n => n.Span).ToImmutableArray(),
            list.Select(n => n.SyntaxTree).Where(t => t != File).Distinct().ToImmutableArray());
    }

    public static IEqualityComparer<FileInput> Comparer { get; } = new InputComparer();

    /// <param name="InFile">The spans of the code read in the file itself.</param>
    /// <param name="OtherFiles">The other files whose code was read.</param>
    private sealed record CodeRead(ImmutableArray<TextSpan> InFile, ImmutableArray<SyntaxTree> OtherFiles);

    /// <summary>
    /// Whether the result of parsing <paramref name="parsed"/> still holds for <paramref name="next"/>, in an equal
    /// environment: the file's declarations are then equal too, so its bodies pair up in order.
    /// </summary>
    private static bool StillHolds(FileInput parsed, FileInput next)
    {
        if (parsed._codeRead is not { } read || !next._compilation.TryGetTarget(out var compilation))
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
            // Roslyn compares the input it parsed last with the new one; whichever of the two has run says what it read.
            if (x._codeRead is null && y._codeRead is null) return false;
            return (x._codeRead is null || StillHolds(x, y))
                && (y._codeRead is null || StillHolds(y, x));
        }

        public int GetHashCode(FileInput obj) => StringComparer.Ordinal.GetHashCode(obj.File.FilePath);
    }
}

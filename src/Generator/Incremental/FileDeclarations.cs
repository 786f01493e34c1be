using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Declarative.Generator.Incremental;

/// <summary>
/// What one file declares, as a fingerprint: every token outside method, constructor, accessor and top-level
/// statement bodies, every preprocessor directive, the path and the language version. An edit inside a body leaves
/// it unchanged: no other file's symbols can see a body, except that an accessor says <c>field</c>, which is marked.
/// </summary>
/// <param name="Path">The file's path.</param>
/// <param name="Declarations">The fingerprint of the file's declarations.</param>
internal sealed record FileDeclarations(string Path, Fingerprint Declarations)
{
    /// <summary>Stands in, in the fingerprint, for a body that is left out: a member with a body differs from one without.</summary>
    private const string BodyMark = "{}";

    /// <summary>
    /// Marks an accessor body that says <c>field</c>: C# 14 gives such a property a backing field, which other code
    /// sees, so that much of the body is a declaration.
    /// </summary>
    private const string FieldKeywordMark = "{field}";

    public static FileDeclarations Of(SyntaxTree file, CancellationToken cancellationToken)
    {
        var root = file.GetRoot(cancellationToken);
        using var fingerprint = new Fingerprint.Builder();
        fingerprint.Append(file.FilePath);
        if (file.Options is CSharpParseOptions options)
            fingerprint.Append(options.Kind.ToString()).Append(options.LanguageVersion.ToString());

        // Directives are trivia, and #nullable or #define change what the declarations after them mean: each is
        // taken where it stands, those inside a body with the body.
        foreach (var item in root.DescendantNodesAndTokens(static node => !IsBody(node)))
        {
            if (item.IsToken)
            {
                var token = item.AsToken();
                if (token.ContainsDirectives)
                    AppendDirectives(fingerprint, token.LeadingTrivia);
                fingerprint.Append(token.Text);
            }
            else if (item.AsNode() is { } node && IsBody(node))
            {
                fingerprint.Append(UsesFieldKeyword(node) ? FieldKeywordMark : BodyMark);
                if (node.ContainsDirectives)
                    AppendDirectives(fingerprint, node.DescendantTrivia(static inner => inner.ContainsDirectives));
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return new FileDeclarations(file.FilePath, fingerprint.ToFingerprint());
    }

    /// <summary>
    /// Whether the bodies of two versions of a file with the same declarations are equivalent wherever they overlap
    /// <paramref name="spans"/> of the first version. Equal declarations mean the bodies pair up in order.
    /// </summary>
    public static bool SameBodies(SyntaxTree first, SyntaxTree second, ImmutableArray<TextSpan> spans)
    {
        if (spans.IsEmpty) return true;
        var firstBodies = Bodies(first.GetRoot()).ToList();
        var secondBodies = Bodies(second.GetRoot()).ToList();
        if (firstBodies.Count != secondBodies.Count) return false;
        for (int i = 0; i < firstBodies.Count; i++)
        {
            var span = firstBodies[i].Span;
            if (spans.Any(read => read.IntersectsWith(span)) && !firstBodies[i].IsEquivalentTo(secondBodies[i], topLevel: false))
                return false;
        }
        return true;
    }

    private static IEnumerable<SyntaxNode> Bodies(SyntaxNode root)
        => root.DescendantNodes(static node => !IsBody(node)).Where(IsBody);

    private static void AppendDirectives(Fingerprint.Builder fingerprint, IEnumerable<SyntaxTrivia> trivia)
    {
        foreach (var directive in trivia)
        {
            if (directive.IsDirective)
                fingerprint.Append(directive.ToString());
        }
    }

    private static bool UsesFieldKeyword(SyntaxNode body)
        => body.Parent is AccessorDeclarationSyntax or BasePropertyDeclarationSyntax
        && body.DescendantTokens().Any(static token => token.Text == "field");

    /// <summary>Code that only runs: what it computes is not part of any symbol another file can see.</summary>
    private static bool IsBody(SyntaxNode node) => node switch
    {
        BlockSyntax or ArrowExpressionClauseSyntax => node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax,
        ConstructorInitializerSyntax => true,
        GlobalStatementSyntax => true,
        _ => false,
    };
}

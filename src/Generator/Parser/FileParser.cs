using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Declarative.Common;
using Declarative.Common.Shapes;
using Declarative.Generator.Incremental;
using Declarative.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generator.Parser;

/// <summary>
/// Finds the fields of one file that carry <c>[Shared]</c> or <c>[Tied]</c> and hands each to
/// <see cref="FieldParser"/>. Records the code the parse read (<see cref="CodeRead"/>), so that the pipeline
/// knows when to run it again.
/// </summary>
internal static class FileParser
{
    /// <summary>
    /// Sees every file the parser runs on. Tests set it, to check that an edit parses again exactly the files whose
    /// result it can change; nothing else does.
    /// </summary>
    internal static Action<SyntaxTree>? ParseObserver { get; set; }

    public static FileSpec Parse(FileInput input, CancellationToken cancellationToken)
    {
        // Every field with an attribute list is a candidate: binding is what tells Declarative's attributes from
        // others of the same name, and it also sees through aliases. Fields without attributes cost no binding.
        ParseObserver?.Invoke(input.File);
        var candidates = AttributedFields(input.File.GetRoot(cancellationToken)).ToList();
        if (candidates.Count == 0)
        {
            CodeRead.Record(input, Enumerable.Empty<SyntaxNode>());
            return FileSpec.Empty;
        }

        var compilation = input.Compilation;
        var model = SemanticModels.Get(compilation, input.File);
        var shared = ImmutableArray.CreateBuilder<FieldSpec>();
        var tied = ImmutableArray.CreateBuilder<FieldSpec>();
        var models = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var declarator in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (model.GetDeclaredSymbol(declarator, cancellationToken) is not IFieldSymbol field)
                continue;
            var attributes = field.GetAttributes();
            if (Parse(field, declarator, attributes, AnnotationKind.Shared, input.Environment.ShapeComments, compilation, cancellationToken) is { } sharedField)
            {
                shared.Add(sharedField);
                models.Add(field.ContainingType);
            }
            if (Parse(field, declarator, attributes, AnnotationKind.Tied, input.Environment.ShapeComments, compilation, cancellationToken) is { } tiedField)
            {
                tied.Add(tiedField);
                models.Add(field.ContainingType);
            }
        }

        // Without shape comments, nothing but declarations was read.
        CodeRead.Record(input, input.Environment.ShapeComments ? NodesRead(models, compilation, cancellationToken) : Enumerable.Empty<SyntaxNode>());
        return new FileSpec(shared.ToImmutable().ToValueArray(), tied.ToImmutable().ToValueArray());
    }

    private static FieldSpec? Parse(IFieldSymbol field, VariableDeclaratorSyntax declarator, ImmutableArray<AttributeData> attributes, AnnotationKind kind, bool shapeComments, Compilation compilation, CancellationToken cancellationToken)
    {
        var matching = attributes.Where(a => DeclarativeAttributes.KindOf(a.AttributeClass) == kind).ToImmutableArray();
        return matching.IsEmpty ? null : FieldParser.Parse(field, declarator, matching, shapeComments, compilation, cancellationToken);
    }

    /// <summary>The variables of every field declaration with attributes, in types at any depth; bodies are not walked.</summary>
    private static IEnumerable<VariableDeclaratorSyntax> AttributedFields(SyntaxNode root)
        => root.DescendantNodes(static node => node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .OfType<FieldDeclarationSyntax>()
            .Where(static field => field.AttributeLists.Count > 0)
            .SelectMany(static field => field.Declaration.Variables);

    /// <summary>
    /// The code shape inference read for the models of this file: their generated comments depend on it. Null when
    /// inference cannot tell, so that the file is parsed again every time.
    /// </summary>
    private static IEnumerable<SyntaxNode>? NodesRead(HashSet<INamedTypeSymbol> models, Compilation compilation, CancellationToken cancellationToken)
    {
        var nodes = new HashSet<SyntaxNode>();
        foreach (var type in models)
        {
            if (ShapeInference.CodeRead(type, compilation, cancellationToken) is not { } read)
                return null;
            nodes.UnionWith(read);
        }
        return nodes;
    }
}

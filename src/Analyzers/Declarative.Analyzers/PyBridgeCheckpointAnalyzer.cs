using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Analyzers.Annotations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Analyzers;

/// <summary>
/// TorchSharp.PyBridge's <c>load_py</c>, <c>load_safetensors</c>, <c>load_checkpoint</c> and <c>save_py</c> called on
/// a model that holds [Shared] groups: they work from <c>state_dict()</c>, which leaves the aliases out, so they
/// refuse PyTorch's files, skip an alias's entry unchecked, or write a file PyTorch refuses. (<c>save_safetensors</c>
/// writes Hugging Face's convention, each shared tensor once, and is not reported.)
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PyBridgeCheckpointAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The diagnostic property naming the tie-aware method the call can be rewritten to; absent when it cannot.</summary>
    public const string ReplacementProperty = "Replacement";

    /// <summary>The diagnostic property set when the rewrite drops <c>leaveOpen: true</c>, which the replacement always does.</summary>
    public const string DropLeaveOpenProperty = "DropLeaveOpen";

    private const string PyBridgeExtensions = "TorchSharp.PyBridge.PyBridgeModuleExtensions";
    private const string PretrainedWeights = "Declarative.PretrainedWeights";

    private const string LoadConsequence = "with strict it refuses a PyTorch file, which holds every tied key, and without strict it skips an alias's entry without checking it against its owner's";
    private const string LoadRemedy = "which loads every tied key and refuses entries that disagree";

    /// <summary>A PyBridge method that bypasses sharing, and what replaces it.</summary>
    private sealed class Bypass
    {
        public Bypass(string replacement, string consequence, string remedy)
        {
            Replacement = replacement;
            Consequence = consequence;
            Remedy = remedy;
        }

        public string Replacement { get; }

        public string Consequence { get; }

        public string Remedy { get; }
    }

    private static readonly Dictionary<string, Bypass> Bypasses = new()
    {
        ["load_py"] = new("LoadPyTorch", "PyBridge loads through state_dict(), which leaves aliases out, so " + LoadConsequence, LoadRemedy),
        ["load_safetensors"] = new("LoadSafetensors",
            "PyBridge keeps only the file's entries that state_dict() names, which leaves aliases out, so it skips an alias's entry without checking it against its owner's",
            LoadRemedy),
        ["load_checkpoint"] = new("LoadCheckpoint", "PyBridge loads through state_dict(), which leaves aliases out, so " + LoadConsequence, LoadRemedy),
        ["save_py"] = new("SavePyTorch",
            "PyBridge saves state_dict(), which leaves aliases out, so PyTorch's load_state_dict(strict=True) refuses the file when the PyTorch model ties its tensors by assignment",
            "which writes every tied key, as torch.save(model.state_dict()) does"),
    };

    /// <summary>The parameters whose arguments the replacements take, by PyBridge's names.</summary>
    private static readonly HashSet<string> KeptParameters = new() { "location", "stream", "path", "strict" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.PyBridgeBypassesSharing);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Without PyBridge there is nothing to call, without [Shared] no model it would bypass; without Declarative's
            // PretrainedWeights there is nothing to fix with.
            if (!DeclarativeTypes.AnyExists(start.Compilation, DeclarativeTypes.SharedAttribute)) return;
            if (start.Compilation.GetTypeByMetadataName(PyBridgeExtensions) is not { } extensions) return;
            var pretrained = start.Compilation.GetTypeByMetadataName(PretrainedWeights);
            start.RegisterSyntaxNodeAction(node => Analyze(node, extensions, pretrained), SyntaxKind.InvocationExpression);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, INamedTypeSymbol extensions, INamedTypeSymbol? pretrained)
    {
        var call = (InvocationExpressionSyntax)context.Node;
        if (NameFilters.InvokedName(call) is not { } name || !Bypasses.TryGetValue(name, out var bypass)
            || context.SemanticModel.GetOperation(call, context.CancellationToken) is not IInvocationOperation invocation)
            return;
        var method = invocation.TargetMethod;
        if (method.Name != name || !method.IsExtensionMethod || !SymbolEqualityComparer.Default.Equals(method.ContainingType, extensions)
            || invocation.Arguments.Length == 0)
            return;

        var receiver = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
        while (receiver is IConversionOperation { IsImplicit: true } conversion) receiver = conversion.Operand;
        if (receiver?.Type is not INamedTypeSymbol model) return;
        var groups = SharedModels.GroupsHeldBy(model, context.CancellationToken);
        if (groups.IsEmpty) return;

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (pretrained is not null && Rewrite(invocation, call, pretrained, bypass.Replacement) is { } dropLeaveOpen)
        {
            properties = properties.Add(ReplacementProperty, bypass.Replacement);
            if (dropLeaveOpen) properties = properties.Add(DropLeaveOpenProperty, "true");
        }
        string remedy = pretrained is null
            ? $"add a version of the Declarative package that has PretrainedWeights and use its {bypass.Replacement}, {bypass.Remedy}"
            : $"use {bypass.Replacement} (Declarative), {bypass.Remedy}";
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PyBridgeBypassesSharing, call.GetLocation(), properties,
            name, Describe(groups, model), bypass.Consequence, remedy));
    }

    /// <summary>
    /// Whether the call can become a call to <paramref name="replacement"/> of the same meaning: null if not, else
    /// whether <c>leaveOpen: true</c> must go. It can where it is written as an extension call (<c>model.load_py(...)</c>)
    /// whose result is unused (the return types differ), with a path, or a stream left open (the replacements leave
    /// streams open; PyBridge closes them unless told not to), and strict as its only other argument.
    /// </summary>
    private static bool? Rewrite(IInvocationOperation invocation, InvocationExpressionSyntax call, INamedTypeSymbol pretrained, string replacement)
    {
        // In the static form, PyBridgeModuleExtensions.load_py(model, ...), the model is an argument as written.
        if (call.Expression is not (MemberAccessExpressionSyntax or MemberBindingExpressionSyntax)
            || invocation.Arguments.Any(a => a.Parameter?.Ordinal == 0 && a.Syntax is ArgumentSyntax))
            return null;
        var statement = invocation.Parent is IConditionalAccessOperation access ? access.Parent : invocation.Parent;
        if (statement is not IExpressionStatementOperation) return null;

        var method = invocation.TargetMethod;
        if (method.Parameters.Length < 2) return null;
        var source = method.Parameters[1].Type;
        bool hasOverload = pretrained.GetMembers(replacement).OfType<IMethodSymbol>()
            .Any(m => m.Parameters.Length >= 2 && SymbolEqualityComparer.Default.Equals(m.Parameters[1].Type, source));
        if (!hasOverload) return null;

        bool isStream = method.Parameters[1].Name == "stream";
        bool leftOpen = false;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is not { } parameter || parameter.Ordinal == 0) continue;
            if (KeptParameters.Contains(parameter.Name)) continue;
            if (isStream && parameter.Name == "leaveOpen" && argument.Value.ConstantValue is { HasValue: true, Value: true }
                && argument.Syntax is ArgumentSyntax { NameColon: not null })
            {
                leftOpen = true;
                continue;
            }
            return null;
        }
        if (isStream && !leftOpen) return null;
        return leftOpen;
    }

    /// <summary>
    /// <c>shared group 'vocab' of TiedLanguageModel</c>; groups of sub-models by their field path and type; those of a
    /// compiled model whose keys its metadata hides as <c>shared groups of TiedLanguageModel</c>.
    /// </summary>
    private static string Describe(ImmutableArray<HeldSharedGroup> groups, INamedTypeSymbol model)
    {
        var places = new List<(string Place, List<string> Keys)>();
        foreach (var group in groups)
        {
            string place = group.Path.Length == 0 ? model.Name : $"{model.Name}.{group.Path} ({group.DeclaringType.Name})";
            var existing = places.FirstOrDefault(p => p.Place == place);
            if (existing.Keys is null) places.Add(existing = (place, new List<string>()));
            if (group.Key is not null) existing.Keys.Add(group.Key);
        }
        string described = string.Join(", ", places.Select(p => p.Keys.Count == 0
            ? "of " + p.Place
            : string.Join(", ", p.Keys.Select(k => $"'{k}'")) + " of " + p.Place));
        bool one = groups.Length == 1 && groups[0].Key is not null;
        return (one ? "shared group " : "shared groups ") + described;
    }
}

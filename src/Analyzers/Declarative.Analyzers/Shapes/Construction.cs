using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Shapes;

/// <summary>
/// Reads constructors as they run: <c>: this(...)</c> chains, field initializers, base constructors of the user's
/// own module types, then the body's assignments in order. Assignments in branches or loops, and fields that
/// helper methods assign, leave the field unknown; elements added in loops are possible elements.
/// </summary>
internal static class Construction
{
    /// <summary>Runs <paramref name="constructor"/> on <paramref name="frame"/>; unbound parameters stay free.</summary>
    public static void Run(InferenceContext context, Frame frame, IMethodSymbol constructor, Dictionary<IParameterSymbol, Value?>? arguments, int moduleDepth)
    {
        if (context.ActiveConstructors.Any(c => SymbolEqualityComparer.Default.Equals(c, constructor)))
            return;
        context.ActiveConstructors.Add(constructor);
        var savedParameters = frame.Parameters;
        frame.Parameters = arguments ?? new Dictionary<IParameterSymbol, Value?>(SymbolEqualityComparer.Default);
        try
        {
            var evaluator = new Evaluator(context, frame, moduleDepth);
            var syntax = constructor.DeclaringSyntaxReferences.Select(context.Syntax).FirstOrDefault();
            switch (syntax)
            {
                case ConstructorDeclarationSyntax declaration when context.Operation(declaration) is IConstructorBodyOperation body:
                    RunInitializerAndFields(context, frame, evaluator, constructor, body.Initializer, moduleDepth);
                    new Walker(context, evaluator, frame).Walk(body.BlockBody ?? (IOperation?)body.ExpressionBody, conditional: false);
                    break;
                case ConstructorDeclarationSyntax:
                    break;
                default:
                    // An implicit or primary constructor: the field initializers, then the base type's constructor.
                    RunFieldInitializers(context, frame, evaluator, constructor.ContainingType);
                    RunImplicitBase(context, frame, constructor.ContainingType, moduleDepth);
                    break;
            }
        }
        finally
        {
            frame.Parameters = savedParameters;
            context.ActiveConstructors.RemoveAt(context.ActiveConstructors.Count - 1);
        }
    }

    private static void RunInitializerAndFields(InferenceContext context, Frame frame, Evaluator evaluator, IMethodSymbol constructor, IOperation? initializer, int moduleDepth)
    {
        var call = (initializer as IExpressionStatementOperation)?.Operation as IInvocationOperation ?? initializer as IInvocationOperation;
        var target = call?.TargetMethod;
        if (call is not null && target is { MethodKind: MethodKind.Constructor }
            && SymbolEqualityComparer.Default.Equals(target.ContainingType, constructor.ContainingType))
        {
            // : this(...) runs the other constructor, field initializers included, with these arguments.
            Run(context, frame, target, Bind(evaluator, call.Arguments), moduleDepth);
            return;
        }

        RunFieldInitializers(context, frame, evaluator, constructor.ContainingType);
        if (call is not null && target is { MethodKind: MethodKind.Constructor } && IsUserModule(target.ContainingType))
            Run(context, frame, target, Bind(evaluator, call.Arguments), moduleDepth);
        else if (call is null)
            RunImplicitBase(context, frame, constructor.ContainingType, moduleDepth);
    }

    private static void RunImplicitBase(InferenceContext context, Frame frame, INamedTypeSymbol type, int moduleDepth)
    {
        if (type.BaseType is { } baseType && IsUserModule(baseType)
            && baseType.InstanceConstructors.FirstOrDefault(c => c.Parameters.IsEmpty) is { } parameterless)
            Run(context, frame, parameterless, null, moduleDepth);
    }

    /// <summary>A module type declared in source, whose constructors can be read.</summary>
    public static bool IsUserModule(INamedTypeSymbol? type) => type is not null && type.DeclaringSyntaxReferences.Length > 0 && TorchSymbols.IsModule(type);

    public static Dictionary<IParameterSymbol, Value?> Bind(Evaluator evaluator, ImmutableArray<IArgumentOperation> arguments)
    {
        var bound = new Dictionary<IParameterSymbol, Value?>(SymbolEqualityComparer.Default);
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { } parameter)
                bound[parameter] = evaluator.EvaluateArgument(argument);
        }
        return bound;
    }

    private static void RunFieldInitializers(InferenceContext context, Frame frame, Evaluator evaluator, INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (context.Declaration(reference) is not TypeDeclarationSyntax declaration) continue;
            foreach (var member in declaration.Members)
            {
                switch (member)
                {
                    case FieldDeclarationSyntax field:
                        if (field.Modifiers.Any(m => m.IsKind(SyntaxKind.StaticKeyword) || m.IsKind(SyntaxKind.ConstKeyword))) break;
                        foreach (var variable in field.Declaration.Variables)
                        {
                            if (variable.Initializer is null || HoldsRuntimeState(type, variable)) continue;
                            if (context.Operation(variable.Initializer) is IFieldInitializerOperation initializer)
                            {
                                foreach (var target in initializer.InitializedFields)
                                    Assign(frame, target, evaluator.Evaluate(initializer.Value), initializer.Value, conditional: false);
                            }
                        }
                        break;
                    case PropertyDeclarationSyntax { Initializer: not null } property:
                        if (context.Operation(property.Initializer) is IPropertyInitializerOperation propertyInitializer)
                        {
                            foreach (var target in propertyInitializer.InitializedProperties.Where(p => !p.IsStatic))
                                Assign(frame, target, evaluator.Evaluate(propertyInitializer.Value), propertyInitializer.Value, conditional: false);
                        }
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Whether a field holds the generated code's own state (<c>ParameterSharing</c>, <c>ParameterTying</c>): no
    /// shapes live there, and its initializer is the largest expression of a model, so it is not bound at all.
    /// </summary>
    private static bool HoldsRuntimeState(INamedTypeSymbol type, VariableDeclaratorSyntax variable)
    {
        foreach (var member in type.GetMembers(variable.Identifier.ValueText))
        {
            if (member is IFieldSymbol { Type.ContainingNamespace: { Name: "Declarative", ContainingNamespace.IsGlobalNamespace: true } })
                return true;
        }
        return false;
    }

    public static void Assign(Frame frame, ISymbol member, Value? value, IOperation source, bool conditional)
    {
        if (conditional)
        {
            frame.Members[member] = null;
            frame.Creations.Remove(member);
            return;
        }
        // A configuration object kept in a readonly field names its sizes after the field: cfg.Hidden.
        if (value is null && member is IFieldSymbol { IsReadOnly: true } field && Evaluator.IsConfiguration(field.Type))
            value = new ObjectValue(field.Name);
        frame.Members[member] = value;
        frame.Creations[member] = source;
    }

    /// <summary>
    /// The module a user-defined module type's constructor builds with these arguments: its registered fields by
    /// name, as TorchSharp's <c>RegisterComponents()</c> registers them.
    /// </summary>
    public static ModuleInfo? UserModule(InferenceContext context, IMethodSymbol constructor, Dictionary<IParameterSymbol, Value?> arguments, int moduleDepth)
    {
        if (moduleDepth > InferenceContext.MaxModuleDepth) return null;
        var type = constructor.ContainingType;
        var frame = new Frame(type);
        Run(context, frame, constructor, arguments, moduleDepth);

        var members = new List<NamedMember>();
        bool complete = !RegistersByHand(context, type);
        for (var current = type; IsUserModule(current); current = current!.BaseType)
        {
            foreach (var field in current!.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.IsStatic || field.IsConst) continue;
                bool isModuleList = TorchSymbols.ModuleListElement(field.Type) is not null;
                bool isModule = TorchSymbols.IsModule(field.Type);
                bool isTensor = TorchSymbols.IsTensor(field.Type);
                if (!isModule && !isTensor) continue;
                if (field.IsImplicitlyDeclared) { complete = false; continue; }

                string name = ComponentName(field);
                if (frame.Untracked.Contains(field)) { members.Add(new NamedMember(name, null)); complete = false; continue; }
                if (!frame.Members.TryGetValue(field, out var value)) continue; // never assigned: null, not registered

                MemberValue? member = value switch
                {
                    ModuleValue module => module.Info,
                    TensorValue tensor => TorchSymbols.IsParameter(field.Type) ? tensor.Info : new TensorInfo(tensor.Info.Shape, tensor.Info.Dtype, isBuffer: true),
                    SequenceValue list when isModuleList => List(field.Type, list),
                    NullValue => null,
                    _ => null,
                };
                if (value is NullValue) continue;
                if (member is null || member is ModuleInfo { IsComplete: false }) complete = false;
                members.Add(new NamedMember(name, member));
            }
        }

        var parameters = constructor.Parameters.Select(p => Argument(p, arguments.TryGetValue(p, out var v) ? v : null)).ToValueArray();
        string typeName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        return new ModuleInfo(typeName, null, members.ToValueArray(), complete, null, constructor.ToDisplayString(), parameters);
    }

    /// <summary>How deep static helpers may call each other before their results count as unknown.</summary>
    private const int MaxHelperDepth = 8;

    /// <summary>
    /// What a static helper method returns for these arguments: its expression body, or the value of the return
    /// statement its block body always reaches. Unknown when it returns from a branch or a loop.
    /// </summary>
    public static Value? CallHelper(InferenceContext context, IMethodSymbol method, Dictionary<IParameterSymbol, Value?> arguments, int moduleDepth)
    {
        if (context.ActiveConstructors.Count >= MaxHelperDepth + InferenceContext.MaxModuleDepth
            || context.ActiveConstructors.Any(c => SymbolEqualityComparer.Default.Equals(c, method)))
            return null;
        var syntax = context.Syntax(method.DeclaringSyntaxReferences[0]);
        if (syntax is not MethodDeclarationSyntax declaration) return null;

        context.ActiveConstructors.Add(method);
        try
        {
            var frame = new Frame(method.ContainingType) { Parameters = arguments };
            var evaluator = new Evaluator(context, frame, moduleDepth);
            if (declaration.ExpressionBody is { } expression)
                return evaluator.Evaluate(context.Operation(expression.Expression));
            if (declaration.Body is null || context.Operation(declaration.Body) is not { } body)
                return null;
            var walker = new Walker(context, evaluator, frame);
            walker.Walk(body, conditional: false);
            return walker.ReturnValue;
        }
        finally
        {
            context.ActiveConstructors.RemoveAt(context.ActiveConstructors.Count - 1);
        }
    }

    private static ModuleArgument Argument(IParameterSymbol parameter, Value? value)
        => new(parameter.Name, (value as SizeValue)?.Size, (value as FlagValue)?.Flag);

    /// <summary>A ModuleList inside a module: children named 0, 1, ... as TorchSharp registers them.</summary>
    private static ModuleInfo List(ITypeSymbol type, SequenceValue list)
    {
        string typeName = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var elements = list.Elements.Select(e => e?.AsMember).ToList();
        if (list.IsComplete)
        {
            var members = elements.Select((e, i) => new NamedMember(i.ToString(CultureInfo.InvariantCulture), e)).ToValueArray();
            return new ModuleInfo(typeName, null, members, elements.All(e => e is ModuleInfo { IsComplete: true }));
        }
        var distinct = elements.Distinct().ToList();
        var template = distinct.Count == 1 ? distinct[0] : null;
        return new ModuleInfo(typeName, null, ValueArray<NamedMember>.Empty, isComplete: false, elementTemplate: template);
    }

    /// <summary>The name TorchSharp registers a field under: its <c>[ComponentName]</c>, else the field's name.</summary>
    public static string ComponentName(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ComponentNameAttribute" })
            {
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Name" && named.Value.Value is string name && name.Length > 0)
                        return name;
                }
            }
        }
        return field.Name;
    }

    /// <summary>Whether the type registers members by hand (<c>register_module</c>...), under names inference does not follow.</summary>
    private static bool RegistersByHand(InferenceContext context, INamedTypeSymbol type)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var invocation in context.Syntax(reference).DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                string? name = invocation.Expression switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    _ => null,
                };
                if (name is "register_module" or "register_parameter" or "register_buffer")
                    return true;
            }
        }
        return false;
    }

    /// <summary>Walks a constructor body in order, recording what each statement assigns.</summary>
    private sealed class Walker
    {
        private readonly InferenceContext _context;
        private readonly Evaluator _evaluator;
        private readonly Frame _frame;
        private bool _mayHaveReturned;
        private bool _returned;

        /// <summary>The value of the return statement reached on every path; null when there is none or it is not known.</summary>
        public Value? ReturnValue { get; private set; }

        public Walker(InferenceContext context, Evaluator evaluator, Frame frame)
        {
            _context = context;
            _evaluator = evaluator;
            _frame = frame;
        }

        public void Walk(IOperation? operation, bool conditional)
        {
            if (operation is null || _returned || !_context.Step()) return;
            conditional |= _mayHaveReturned;
            switch (operation)
            {
                case IBlockOperation block:
                    foreach (var statement in block.Operations) Walk(statement, conditional);
                    break;
                case IExpressionStatementOperation statement:
                    Execute(statement.Operation, conditional);
                    break;
                case IVariableDeclarationGroupOperation declarations:
                    // Locals are read on demand; a declaration's initializer may still create or assign.
                    foreach (var initializer in declarations.Declarations.SelectMany(d => d.Declarators).Select(d => d.Initializer?.Value))
                    {
                        if (initializer is ISimpleAssignmentOperation or IInvocationOperation) Execute(initializer, conditional);
                    }
                    break;
                case IConditionalOperation branch:
                    if (_evaluator.Evaluate(branch.Condition) is FlagValue flag)
                    {
                        Walk(flag.Flag ? branch.WhenTrue : branch.WhenFalse, conditional);
                        break;
                    }
                    Walk(branch.WhenTrue, conditional: true);
                    Walk(branch.WhenFalse, conditional: true);
                    break;
                case ILoopOperation loop:
                    Walk(loop.Body, conditional: true);
                    break;
                case ISwitchOperation @switch:
                    foreach (var section in @switch.Cases)
                        foreach (var body in section.Body) Walk(body, conditional: true);
                    break;
                case ITryOperation attempt:
                    Walk(attempt.Body, conditional);
                    foreach (var handler in attempt.Catches) Walk(handler.Handler, conditional: true);
                    Walk(attempt.Finally, conditional);
                    break;
                case IUsingOperation usingBlock:
                    Walk(usingBlock.Body, conditional);
                    break;
                case ILockOperation lockBlock:
                    Walk(lockBlock.Body, conditional);
                    break;
                case IReturnOperation ret:
                    // A return in a branch makes what follows conditional. (A throw does not: a constructor that
                    // throws makes no object, so guard clauses leave the rest certain.)
                    if (conditional)
                    {
                        _mayHaveReturned = true;
                    }
                    else
                    {
                        ReturnValue = _evaluator.Evaluate(ret.ReturnedValue);
                        _returned = true;
                    }
                    break;
                case ILabeledOperation labeled:
                    Walk(labeled.Operation, conditional);
                    break;
                default:
                    // Anything else that assigns this object's members (a local function call, a goto) is not followed.
                    ForgetAssignedMembers(operation);
                    break;
            }
        }

        private void Execute(IOperation operation, bool conditional)
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation assignment:
                    if (assignment.Value is ISimpleAssignmentOperation inner)
                        Execute(inner, conditional);
                    AssignTo(assignment.Target, assignment.Value, conditional);
                    break;

                case IInvocationOperation invocation:
                    Invoke(invocation, conditional);
                    break;

                case IConditionalAccessOperation or ICoalesceAssignmentOperation or ICompoundAssignmentOperation or IDeconstructionAssignmentOperation or IIncrementOrDecrementOperation:
                    ForgetAssignedMembers(operation);
                    break;
            }
        }

        private void AssignTo(IOperation target, IOperation value, bool conditional)
        {
            switch (target)
            {
                case IFieldReferenceOperation { Instance: IInstanceReferenceOperation } field:
                    Assign(_frame, field.Field, _evaluator.Evaluate(value), value, conditional);
                    break;
                case IPropertyReferenceOperation { Instance: IInstanceReferenceOperation, Property.IsIndexer: false } property:
                    Assign(_frame, property.Property, _evaluator.Evaluate(value), value, conditional);
                    break;
                case IArrayElementReferenceOperation element when ThisMember(element.ArrayReference) is { } array:
                    AddElement(array, _evaluator.Evaluate(value), certain: false);
                    break;
                case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation local }:
                    AddToLocal(local.Local, _evaluator.Evaluate(value), certain: false);
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when ThisMember(indexer.Instance) is { } list:
                    AddElement(list, _evaluator.Evaluate(value), certain: false);
                    break;
            }
        }

        private void Invoke(IInvocationOperation invocation, bool conditional)
        {
            var method = invocation.TargetMethod;
            if (invocation.Instance is ILocalReferenceOperation local)
            {
                if (method.Name == "Add" && invocation.Arguments.Length == 1)
                    AddToLocal(local.Local, _evaluator.Evaluate(invocation.Arguments[0].Value), certain: !conditional);
                return;
            }
            if (ThisMember(invocation.Instance) is { } collection)
            {
                if (method.Name == "Add" && invocation.Arguments.Length == 1)
                    AddElement(collection, _evaluator.Evaluate(invocation.Arguments[0].Value), certain: !conditional);
                else if (method.Name is not ("call" or "forward" or "to" or "train" or "eval"))
                    Forget(collection);
                return;
            }
            // A helper of this object may assign its members: they are not known after the call.
            if (!method.IsStatic && invocation.Instance is IInstanceReferenceOperation && method.DeclaringSyntaxReferences.Length > 0)
                ForgetMembersAssignedIn(method, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out && ThisMember(argument.Value) is { } passed)
                    Forget(passed);
            }
        }

        private ISymbol? ThisMember(IOperation? operation) => operation switch
        {
            IFieldReferenceOperation { Instance: IInstanceReferenceOperation } field => field.Field,
            IPropertyReferenceOperation { Instance: IInstanceReferenceOperation, Property.IsIndexer: false } property => property.Property,
            IConversionOperation conversion => ThisMember(conversion.Operand),
            _ => null,
        };

        private void AddElement(ISymbol collection, Value? element, bool certain)
        {
            if (_frame.Members.TryGetValue(collection, out var current) && current is SequenceValue sequence)
                _frame.Members[collection] = sequence.Add(element, certain);
            else
                Forget(collection);
        }

        /// <summary>An element added to a collection held by a local; the collection's count is not known after.</summary>
        private void AddToLocal(ILocalSymbol local, Value? element, bool certain)
        {
            if (_evaluator.Local(local) is SequenceValue sequence)
                _evaluator.SetLocal(local, sequence.Add(element, certain));
        }

        private void Forget(ISymbol member)
        {
            _frame.Members[member] = null;
            _frame.Creations.Remove(member);
        }

        private void ForgetAssignedMembers(IOperation operation)
        {
            foreach (var descendant in operation.DescendantsAndSelf())
            {
                switch (descendant)
                {
                    case IAssignmentOperation assignment when ThisMember(assignment.Target) is { } assigned:
                        Forget(assigned);
                        break;
                    case IIncrementOrDecrementOperation step when ThisMember(step.Target) is { } stepped:
                        Forget(stepped);
                        break;
                    case IInvocationOperation invocation when ThisMember(invocation.Instance) is { } receiver:
                        Forget(receiver);
                        break;
                }
            }
        }

        private void ForgetMembersAssignedIn(IMethodSymbol method, HashSet<IMethodSymbol> visited)
        {
            if (!visited.Add(method) || visited.Count > 32 || DeclarativeGeneratedCode.IsGenerated(method)) return;
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = _context.Syntax(reference);
                var body = _context.Operation(syntax);
                if (body is null) continue;
                foreach (var descendant in body.DescendantsAndSelf())
                {
                    ISymbol? assigned = descendant switch
                    {
                        IAssignmentOperation assignment => ThisMember(assignment.Target) ?? (assignment.Target is IArrayElementReferenceOperation element ? ThisMember(element.ArrayReference) : null),
                        IInvocationOperation invocation => ThisMember(invocation.Instance),
                        _ => null,
                    };
                    if (assigned is not null)
                    {
                        Forget(assigned);
                        _frame.Untracked.Add(assigned);
                    }
                    if (descendant is IInvocationOperation { Instance: IInstanceReferenceOperation, TargetMethod: { IsStatic: false } callee } && callee.DeclaringSyntaxReferences.Length > 0)
                        ForgetMembersAssignedIn(callee, visited);
                }
            }
        }
    }
}

"""The Qt user interface: a thin main window, one module per page, dialog and table model.

Nothing here holds SQL or business rules: widgets call `desktop.core` services.
"""

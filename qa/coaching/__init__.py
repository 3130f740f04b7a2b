"""What coaches read: queries over the stored rows, one `.sql` file each in `sql/`, wrapped
as plain functions for the notebooks in `notebooks/`."""

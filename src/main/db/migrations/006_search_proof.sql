-- placeholder: filled in by the owner of this step
SELECT 1;
